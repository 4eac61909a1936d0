/** A strategy's state (VIM `strategy.state`). */
export const STRATEGY_STATES = [
  'initial', 'building', 'build-failed', 'build-timeout', 'ready-to-apply', 'applying', 'apply-failed', 'apply-timeout', 'applied', 'aborting', 'abort-failed', 'abort-timeout', 'aborted',
] as const;
export type StrategyState = (typeof STRATEGY_STATES)[number];

/** The result of a phase, stage or step (VIM `result`). */
export const STRATEGY_RESULTS = ['initial', 'inprogress', 'wait', 'success', 'degraded', 'failed', 'timed-out', 'aborted'] as const;
export type StrategyResult = (typeof STRATEGY_RESULTS)[number];

/** What a step does; a new kind of strategy is a new set of these. */
export const STEP_NAMES = ['query-alarms', 'lock-hosts', 'sw-deploy-hosts', 'unlock-hosts', 'wait-alarms-clear', 'system-stabilize', 'soak'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepRecord {
  readonly stepId: number;
  readonly name: StepName;
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

export const APPLY_TYPES = ['serial', 'parallel', 'ignore'] as const;
export type ApplyType = (typeof APPLY_TYPES)[number];
export const ALARM_RESTRICTIONS = ['strict', 'relaxed'] as const;
export type AlarmRestriction = (typeof ALARM_RESTRICTIONS)[number];
export const INSTANCE_ACTIONS = ['stop-start', 'migrate'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

/** What `sw-manager sw-deploy-strategy create` sets. */
export interface SwDeployOptions {
  readonly release: string;
  readonly controllerApplyType: 'serial' | 'ignore';
  readonly storageApplyType: ApplyType;
  readonly workerApplyType: ApplyType;
  readonly maxParallelWorkerHosts: number;
  readonly alarmRestrictions: AlarmRestriction;
  readonly defaultInstanceAction: InstanceAction;
  /** The first this many workers go first, in a stage of their own, then `soakSeconds` of clean health. */
  readonly canary: number;
  readonly soakSeconds: number;
  /** Host failures the strategy carries on past (a count, or a percentage of the hosts); 0 stops at the first. */
  readonly maxFailures: { readonly count: number } | { readonly percent: number };
}

/** How many failed hosts a strategy over `hosts` hosts may carry on past. */
export function failureBudget(options: SwDeployOptions, hosts: number): number {
  return 'count' in options.maxFailures ? options.maxFailures.count : Math.floor((hosts * options.maxFailures.percent) / 100);
}

/** A persisted strategy: its options, its state and its phases. */
export interface StrategyRecord {
  readonly uuid: string;
  readonly name: 'sw-upgrade';
  readonly options: SwDeployOptions;
  readonly state: StrategyState;
  readonly build: PhaseRecord;
  readonly apply: PhaseRecord;
  readonly abort: PhaseRecord;
  /** Hosts whose deployment failed and that were left on their previous release. */
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
