import type { StageRecord, StepRecord } from './strategy.js';

/** A step as a stage builder plans it: its type, its time limit and what it works on. */
export interface PlannedStep {
  readonly name: string;
  readonly timeoutSeconds: number;
  /** What the entities are (`hosts`); '' for a step that works on none. */
  readonly entityType: string;
  readonly entities: readonly { readonly uuid: string; readonly name: string }[];
}

function plannedStep(stepId: number, planned: PlannedStep): StepRecord {
  return {
    stepId,
    name: planned.name,
    timeoutSeconds: planned.timeoutSeconds,
    entityType: planned.entityType,
    entityUuids: planned.entities.map((e) => e.uuid),
    entityNames: planned.entities.map((e) => e.name),
    result: 'initial',
    reason: '',
    startedAt: null,
    endedAt: null,
  };
}

/** A stage not yet run, its steps numbered in order and its time limit theirs summed. */
export function plannedStage(stageId: number, name: string, steps: readonly PlannedStep[]): StageRecord {
  const built = steps.map((s, i) => plannedStep(i, s));
  return { stageId, name, timeoutSeconds: built.reduce((t, s) => t + s.timeoutSeconds, 0), steps: built, result: 'initial', reason: '', startedAt: null, endedAt: null };
}

/** The entities a phase works on, each counted once (what a percentage failure budget is taken of). */
export function plannedEntities(stages: readonly StageRecord[]): number {
  return new Set(stages.flatMap((s) => s.steps.flatMap((st) => st.entityUuids))).size;
}
