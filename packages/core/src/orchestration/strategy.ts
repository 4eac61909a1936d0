import type { RolloutOptions } from './rollout-options.js';

/** A strategy's state (VIM `strategy.state`). */
export const STRATEGY_STATES = [
  'initial', 'building', 'build-failed', 'build-timeout', 'ready-to-apply', 'applying', 'apply-failed', 'apply-timeout', 'applied', 'aborting', 'abort-failed', 'abort-timeout', 'aborted',
] as const;
export type StrategyState = (typeof STRATEGY_STATES)[number];

/** The result of a phase, stage or step (VIM `result`). */
export const STRATEGY_RESULTS = ['initial', 'inprogress', 'wait', 'success', 'degraded', 'failed', 'timed-out', 'aborted'] as const;
export type StrategyResult = (typeof STRATEGY_RESULTS)[number];

/** One step of a stage; `name` is one of its strategy kind's step types. */
export interface StepRecord {
  readonly stepId: number;
  readonly name: string;
  /** Set by the stage builder and kept with the step, so that a resumed step keeps its limit. */
  readonly timeoutSeconds: number;
  readonly entityType: string;
  readonly entityUuids: readonly string[];
  readonly entityNames: readonly string[];
  readonly result: StrategyResult;
  readonly reason: string;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

export interface StageRecord {
  readonly stageId: number;
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly steps: readonly StepRecord[];
  readonly result: StrategyResult;
  readonly reason: string;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

export type PhaseName = 'build' | 'apply' | 'abort';

export interface PhaseRecord {
  readonly name: PhaseName;
  readonly timeoutSeconds: number;
  readonly stages: readonly StageRecord[];
  /** Apply stops before this stage (apply-stage); null to run them all. */
  readonly stopAtStage: number | null;
  readonly result: StrategyResult;
  readonly reason: string;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** A persisted strategy of any kind: its options, its state and its phases. */
export interface StrategyRecord<Options extends RolloutOptions = RolloutOptions> {
  readonly uuid: string;
  /** The kind's name (`sw-upgrade`): at most one strategy of a kind exists at a time. */
  readonly name: string;
  readonly options: Options;
  readonly state: StrategyState;
  readonly build: PhaseRecord;
  readonly apply: PhaseRecord;
  readonly abort: PhaseRecord;
  /**
   * Entities (hosts, for the host kinds) whose step failed within the failure budget and that were
   * left as they were. The stored name predates kinds that work on other entities.
   */
  readonly failedHosts: readonly string[];
  readonly createdAt: number;
}

/** Where the strategy is now: the phase it runs (the one last started). */
export function currentPhase(strategy: StrategyRecord): PhaseRecord {
  if (strategy.abort.startedAt !== null) return strategy.abort;
  if (strategy.apply.startedAt !== null) return strategy.apply;
  return strategy.build;
}

/** How far a phase has come, in percent of its steps that ended. */
export function completionPercentage(phase: PhaseRecord): number {
  const steps = phase.stages.flatMap((s) => s.steps);
  if (steps.length === 0) return phase.result === 'success' ? 100 : 0;
  const ended = steps.filter((s) => s.endedAt !== null).length;
  return Math.floor((ended * 100) / steps.length);
}

export function emptyPhase(name: PhaseName): PhaseRecord {
  return { name, timeoutSeconds: 0, stages: [], stopAtStage: null, result: 'initial', reason: '', startedAt: null, endedAt: null };
}
