import type { FleetStepPhase } from './fleet-window.js';

/** The strategy types a system controller orchestrates across its subclouds (`<type>-strategy` of dcmanager). */
export const FLEET_STRATEGY_TYPES = ['sw-deploy', 'prestage'] as const;
export type FleetStrategyType = (typeof FLEET_STRATEGY_TYPES)[number];

/** The states of a subcloud's step in a sw-deploy strategy, in order, then the ends (dcmanager's names). */
export const SW_DEPLOY_STEP_STATES = [
  'initial', 'sw-deploy pre-check', 'create VIM sw-deploy strategy', 'apply VIM sw-deploy strategy',
  'finish sw-deploy strategy', 'complete', 'failed', 'aborted',
] as const;
export type SwDeployStepState = (typeof SW_DEPLOY_STEP_STATES)[number];

/**
 * The states of a subcloud's step in a prestage strategy (dcmanager's): the checks, the release bundle sent, the
 * container images (none apart from the bundle here: passed through), then the ends.
 */
export const PRESTAGE_STEP_STATES = [
  'initial', 'prestage-precheck', 'prestaging-packages', 'prestaging-images', 'complete', 'failed', 'aborted',
] as const;
export type PrestageStepState = (typeof PRESTAGE_STEP_STATES)[number];

/** A step's state, whatever its strategy's type. */
export type FleetStepState = SwDeployStepState | PrestageStepState;

/** A step's stage: 1 created (not started), 2 applying, 3 finished; shown by name. */
export type FleetStepStage = 1 | 2 | 3;
export const FLEET_STEP_STAGE_NAMES: Readonly<Record<FleetStepStage, string>> = { 1: 'Create', 2: 'Apply', 3: 'Complete' };

/** Longest `details` a step keeps; a longer one is replaced by dcmanager's pointer to the logs. */
export const STEP_DETAILS_MAX = 1000;
const DETAILS_TOO_LONG = 'Error message longer than 1000 characters, please check orchestrator logs for additional details.';

/** A step's details as dcmanager writes them: the state it failed in, then the error; never over 1000 characters. */
export function stepDetails(state: string | null, info: string): string {
  const details = state ? `${state}: ${info}` : info;
  return details.length > STEP_DETAILS_MAX ? DETAILS_TOO_LONG : details;
}

/** The failure text of a subcloud's step (dcmanager's orchestration exceptions), with the VIM's state when known. */
export function subcloudFailure(
  subcloud: string,
  details: string,
  extra: { readonly vimState?: string | undefined; readonly vimStrategy?: boolean } = {},
): string {
  const state = extra.vimState === undefined ? '' : ` State: ${extra.vimState}`;
  return `Failed for subcloud ${subcloud}: ${details}${state}${extra.vimStrategy ? ' Strategy: sw-upgrade' : ''}`;
}

/** One subcloud's step of a fleet strategy, as the system controller keeps it (one row each). */
export interface FleetStepRecord {
  readonly strategyUuid: string;
  readonly subcloudId: number;
  readonly subcloudName: string;
  /** Its place in the strategy's order, from 0 (the canaries first). */
  readonly position: number;
  readonly stage: FleetStepStage;
  /** dcmanager's state of the step. */
  readonly state: FleetStepState;
  /** Where the window has it. */
  readonly phase: FleetStepPhase;
  readonly details: string;
  /** Times its turn came while it was offline. */
  readonly deferrals: number;
  /** A deferred step is not retried before this time (epoch ms). */
  readonly notBefore: number | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The uuid of the sw-deploy strategy made on the subcloud for this step, once made. */
  readonly vimStrategyUuid: string | null;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** What may change on a step as it goes. */
export type FleetStepChanges = Partial<
  Pick<FleetStepRecord, 'stage' | 'state' | 'phase' | 'details' | 'deferrals' | 'notBefore' | 'startedAt' | 'finishedAt' | 'vimStrategyUuid'>
>;

/** The phases a step ends in. */
export const FINISHED_PHASES: readonly FleetStepPhase[] = ['complete', 'failed', 'aborted'];
export const isFinishedPhase = (phase: FleetStepPhase): boolean => FINISHED_PHASES.includes(phase);

/** How many steps of a strategy are in each phase. */
export type FleetPhaseCounts = Readonly<Record<FleetStepPhase, number>>;
