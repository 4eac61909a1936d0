export { dcOrchestrationModule } from './dc-orchestration-module.js';
export { createDcOrchestrationService } from './dc-orchestration.js';
export type { DcOrchestrationService } from './dc-orchestration.js';
export type { FleetStrategyView } from './dc-orchestration-service.js';
export type { SwUpdateOptionsView } from './sw-update-options-directory.js';
export { DC_ORCHESTRATION_CONFIG } from './dc-orchestration-config.js';
export type { DcOrchestrationConfig } from './dc-orchestration-config.js';
export { FLEET_KIND_NAME } from './fleet-kind.js';
export type { PrestageStats, PrestageView, SubcloudPrestages } from './prestage-jobs.js';
