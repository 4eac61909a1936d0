export { createMaintenanceService } from './maintenance-service.js';
export type { MaintenanceService, MaintenanceSettings } from './maintenance-service.js';
