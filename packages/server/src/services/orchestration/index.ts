export { createStrategyService } from './strategy-service.js';
export type { OrchestrationSettings, StrategyService } from './strategy-service.js';
export type { StrategyAction } from '../../engine/index.js';
export { ORCHESTRATION_CONFIG } from './orchestration-config.js';
export type { OrchestrationConfig } from './orchestration-config.js';
