export { createSystemService } from './system-service.js';
export type { SystemSeedSettings, SystemService } from './system-service.js';
export { createHostService } from './host-service.js';
export type { HostEntry, HostService } from './host-service.js';
