export { createMaintenanceService } from './maintenance-service.js';
export type { MaintenanceService, MaintenanceSettings } from './maintenance-service.js';
export { MAINTENANCE_CONFIG } from './maintenance-config.js';
export type { MaintenanceConfig } from './maintenance-config.js';
export { maintenanceModule } from './maintenance-module.js';
