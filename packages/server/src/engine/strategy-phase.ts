import type {
  PhaseRecord, StageRecord, StepRecord, StrategyRecord, StrategyResult, StrategyState,
} from '@murmuration/core/orchestration';

/** A stage or step that needs no more running. */
export const isDone = (r: { readonly result: StrategyResult }): boolean => r.result === 'success' || r.result === 'degraded';

/** The strategy is being worked on: the runner owns it. */
export const isActive = (s: StrategyRecord): boolean => s.state === 'applying' || s.state === 'aborting';

/** The phase with one step changed. */
export const withStep = (
  phase: PhaseRecord,
  stageId: number,
  stepId: number,
  change: Partial<StepRecord>,
): PhaseRecord => ({
  ...phase,
  stages: phase.stages.map((s) =>
    s.stageId !== stageId
      ? s
      : { ...s, steps: s.steps.map((st) => (st.stepId !== stepId ? st : { ...st, ...change })) },
  ),
});

/** The phase with one stage changed. */
export const withStage = (phase: PhaseRecord, stageId: number, change: Partial<StageRecord>): PhaseRecord => ({
  ...phase,
  stages: phase.stages.map((s) => (s.stageId !== stageId ? s : { ...s, ...change })),
});

/** Ends the apply phase at `now`: every stage not run is marked aborted, unless the phase succeeded. */
export function finishApply<S extends StrategyRecord>(
  strategy: S,
  state: StrategyState,
  result: StrategyResult,
  reason: string,
  now: number,
): S {
  const stages = strategy.apply.stages.map(
    (s): StageRecord => (s.result === 'initial' || s.result === 'inprogress' ? { ...s, result: result === 'success' ? s.result : 'aborted', endedAt: s.startedAt ? now : null } : s),
  );
  return { ...strategy, state, apply: { ...strategy.apply, stages, result, reason, endedAt: now } };
}
