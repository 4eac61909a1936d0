export { createStrategyService } from './strategy-service.js';
export type { OrchestrationSettings, StrategyAction, StrategyService } from './strategy-service.js';
export { ORCHESTRATION_CONFIG } from './orchestration-config.js';
export type { OrchestrationConfig } from './orchestration-config.js';
