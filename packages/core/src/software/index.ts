/** Software releases (USM) and the software each host runs. `@murmuration/core/software`. */
export { RELEASE_ID, RELEASE_STATES, readReleaseMetadata } from './release-metadata.js';
export type { ReleaseMetadata, ReleaseState } from './release-metadata.js';
export { HOOK_OUTPUT_MAX, HOST_SOFTWARE_STATES, deployHostAlarm, versionMismatchAlarm } from './host-software.js';
export type { HostSoftwareRecord, HostSoftwareReport, HostSoftwareState } from './host-software.js';
export { planRollback } from './rollback-plan.js';
