export { createSystemService } from './system-service.js';
export type { SystemSeedSettings, SystemService } from './system-service.js';
export { createHostService } from './host-service.js';
export type { HostEntry, HostService } from './host-service.js';
export { createHostInventoryService } from './host-inventory-service.js';
export type { HostInventoryService } from './host-inventory-service.js';
export type { InventoryItem } from '@murmuration/store';
