import type { Clock, RequestContext } from '@murmuration/core/common';
import type { RolloutOptions, StageRecord, StepRecord, StrategyRecord } from '@murmuration/core/orchestration';
import type { Repos } from '@murmuration/store';

/**
 * How a step ended: success, or failed/timed-out with the reason. A step may name the entities
 * that failed (each left as it was), which the strategy's failure budget may carry on past.
 */
export type StepOutcome =
  | { readonly result: 'success' }
  | { readonly result: 'failed' | 'timed-out'; readonly reason: string; readonly failedHosts?: readonly string[] };

/** What the runner hands a step: the strategy's options and where it stands, time, and when to give up. */
export interface StepRun<Options extends RolloutOptions> {
  readonly ctx: RequestContext;
  readonly clock: Clock;
  readonly options: Options;
  /** Entities that failed within the failure budget so far: their faults do not hold the strategy back. */
  readonly failedHosts: readonly string[];
  /** How often a waiting step looks again. */
  readonly pollMs: number;
  /**
   * True once the step's time (its record's `timeoutSeconds`) is up or the controller is stopping: a waiting step gives
   * up, `timed-out`.
   */
  readonly expired: () => boolean;
  /** True once an abort was asked for: a step that runs long (a soak, a window over many entities) may end early. */
  readonly abortRequested: () => Promise<boolean>;
}

/**
 * One type of step. The runner marks it under way (persisted), applies it, and records how it
 * ended. Its time limit is set on the record by the stage builder. An abort never interrupts
 * it: the step under way finishes, then its stage and those after it are marked aborted. Every
 * step type must be safe to apply again: a step under way when the controller stopped is
 * applied again at the next start.
 */
export interface StepType<Options extends RolloutOptions> {
  apply(run: StepRun<Options>, step: StepRecord): Promise<StepOutcome>;
}

/** A strategy's alarms: raised on the kind's entity while it applies, aborts, and once it failed. */
export interface StrategyAlarms<Options extends RolloutOptions> {
  readonly inProgress: { readonly id: string; readonly reason: (options: Options) => string };
  readonly aborting: { readonly id: string; readonly reason: string };
  readonly failed: { readonly id: string; readonly reason: (why: string) => string };
}

/**
 * What building a strategy yields: its options, its apply phase's stages, and what the audit log says it was created
 * for.
 */
export interface StrategyBuild<Options extends RolloutOptions> {
  readonly options: Options;
  readonly stages: readonly StageRecord[];
  /** `for tools-1.0.0`: the audit record reads `created for tools-1.0.0: 6 stages`. */
  readonly about: string;
  /** Writes what the kind keeps beside the strategy (a row per entity), in the transaction that creates it. */
  readonly persist?: (repos: Repos, strategy: StrategyRecord<Options>) => Promise<void>;
}

/**
 * A kind of strategy (sw-deploy; later subcloud deploys, certificate rotation, Kubernetes
 * upgrades). The generic runner persists it, applies its steps one after another, resumes it at
 * start-up and aborts it; the kind says what it is built from and what its steps do.
 */
export interface StrategyKind<Options extends RolloutOptions> {
  /** Its name as stored and on the wire (`sw-upgrade`); at most one strategy of a kind exists. */
  readonly name: string;
  /** How messages name it: `no sw-deploy strategy exists`. */
  readonly label: string;
  /** The entity its alarms are raised on (`orchestration=sw-deploy`). */
  readonly entity: string;
  readonly alarms: StrategyAlarms<Options>;
  /** Reads a create request and builds the apply phase (its stage builder); throws a 400 for what it cannot build. */
  build(body: Readonly<Record<string, unknown>>): Promise<StrategyBuild<Options>>;
  /** Its step types, by the step names its stage builder uses. */
  readonly steps: Readonly<Record<string, StepType<Options>>>;
  /** The apply phase's reason when entities were left behind within the failure budget. */
  degraded(failed: readonly string[]): string;
  /** Forgets what `persist` wrote, in the transaction that deletes the strategy. */
  forget?(repos: Repos, strategy: StrategyRecord<Options>): Promise<void>;
}
