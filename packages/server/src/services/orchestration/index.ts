export { createStrategyService } from './strategy-service.js';
export type { OrchestrationSettings, StrategyAction, StrategyService } from './strategy-service.js';
