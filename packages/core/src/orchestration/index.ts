/**
 * Orchestration strategies (VIM `sw-manager`): phases, stages and steps, rollout options shared
 * by every kind, and the sw-deploy plan. `@murmuration/core/orchestration`.
 */
export { STRATEGY_RESULTS, STRATEGY_STATES, completionPercentage, currentPhase, emptyPhase } from './strategy.js';
export type { PhaseName, PhaseRecord, StageRecord, StepRecord, StrategyRecord, StrategyResult, StrategyState } from './strategy.js';
export { failureBudget, readRolloutOptions } from './rollout-options.js';
export type { MaxFailures, RolloutOptions } from './rollout-options.js';
export { plannedEntities, plannedStage } from './strategy-plan.js';
export type { PlannedStep } from './strategy-plan.js';
export { ALARM_RESTRICTIONS, APPLY_TYPES, INSTANCE_ACTIONS, MAX_PARALLEL_WORKERS, readSwDeployOptions } from './sw-deploy-options.js';
export type { AlarmRestriction, ApplyType, InstanceAction, SwDeployOptions, SwDeployStrategy } from './sw-deploy-options.js';
export { SW_DEPLOY_STEP_TIMEOUTS, planSwDeploy } from './sw-deploy-plan.js';
export type { SwDeployStepName } from './sw-deploy-plan.js';
