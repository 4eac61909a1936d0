export { createSystemService } from './system-service.js';
export type { SystemSeedSettings, SystemService } from './system-service.js';
