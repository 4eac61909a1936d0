/**
 * Orchestration strategies (VIM `sw-manager`): phases, stages and steps, and the sw-deploy plan.
 * `@murmuration/core/orchestration`.
 */
export {
  ALARM_RESTRICTIONS, APPLY_TYPES, INSTANCE_ACTIONS, STEP_NAMES, STRATEGY_RESULTS, STRATEGY_STATES,
  completionPercentage, currentPhase, emptyPhase, failureBudget,
} from './strategy.js';
export type {
  AlarmRestriction, ApplyType, InstanceAction, PhaseName, PhaseRecord, StageRecord, StepName, StepRecord,
  StrategyRecord, StrategyResult, StrategyState, SwDeployOptions,
} from './strategy.js';
export { MAX_PARALLEL_WORKERS, planSwDeploy, readSwDeployOptions } from './sw-deploy-plan.js';
