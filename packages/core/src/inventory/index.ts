/**
 * Inventory (sysinv): the system, hosts and their lifecycle, hardware inventory, the host's desired
 * configuration. `@murmuration/core/inventory`.
 */
export {
  SYSTEM_TYPES, SYSTEM_MODES, DISTRIBUTED_CLOUD_ROLES, SYSTEM_PATCHABLE_FIELDS, SYSTEM_READ_ONLY_FIELDS, isDegrees,
  isTimeZone, validateSystemChange,
} from './system.js';
export type {
  SystemType, SystemMode, DistributedCloudRole, SystemRecord, SystemPatchableField, SystemChanges,
} from './system.js';
export {
  ADMIN_STATES, AVAILABILITIES, CLOCK_SYNCHRONIZATIONS, HOST_ACTIONS, INVENTORY_STATES, OPER_STATES, PERSONALITIES,
} from './host.js';
export type {
  AdminState, Availability, ClockSynchronization, HostAction, HostRecord, HostState, InventoryState, OperState,
  Personality,
} from './host.js';
export { planHostAction } from './host-rules.js';
export { hostChangeEvents, hostCommandEvent } from './host-events.js';
export { HOST_HEALTHS, healthAlarmChanges, healthAlarms, healthOf, stateForHealth } from './host-health.js';
export type { HeartbeatSettings, HostHealth } from './host-health.js';
export { configAlarm, hostConfigChanged, hostConfigOf } from './host-config.js';
export type { ContributedHostConfigSections, HostConfigDocument, HostConfigSectionName, HostConfigSections } from './host-config.js';
export { CPU_FUNCTIONS, INVENTORY_KINDS, platformReservedMiB, reportedInventory } from './inventory-items.js';
export type {
  CpuFunction, CpuItem, DiskItem, InterfaceItem, InventoryItemData, InventoryKind, MemoryItem, NodeItem, PortItem,
  ReportedInventory, ReportedItem,
} from './inventory-items.js';
export type { ActionPlan, HostContext } from './host-rules.js';
export {
  HOST_LOCKED_ONLY_FIELDS, HOST_PATCHABLE_FIELDS, HOST_READ_ONLY_FIELDS, checkClockSynchronization, checkHostname,
  checkPersonality, locationOf, normalizeMac, readNewHost,
} from './host-input.js';
export type { HostPatchableField, NewHostInput } from './host-input.js';
export { patchToChanges } from './json-patch.js';
export type { JsonPatchOperation } from './json-patch.js';
