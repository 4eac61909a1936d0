export { createStrategyService } from './strategy-service.js';
export type { OrchestrationSettings, StrategyService } from './strategy-service.js';
export type { StrategyAction } from '../../engine/index.js';
