export {
  MANAGEMENT_STATES, AVAILABILITY_STATUSES, DEPLOY_STATUSES, PRESTAGE_STATUSES, NO_ERRORS, ERROR_DESCRIPTION_MAX,
  SYSTEM_CONTROLLER_REGION, AUDIT_FAILURES_TO_OFFLINE, errorDescription,
} from './subcloud-states.js';
export type { ManagementState, AvailabilityStatus, DeployStatus, PrestageStatus } from './subcloud-states.js';
export {
  SYNC_STATUSES, DC_ENDPOINT_TYPES, PUSHED_ENDPOINT_TYPES, aggregateSyncStatus, endpointSyncStatus,
} from './sync-status.js';
export type { SyncStatus, DcEndpointType, PushedEndpointType, EndpointSyncStatus } from './sync-status.js';
export { CLOUD_STATUSES, DISABLED_ALARM_COUNTS, cloudStatus } from './alarm-summary.js';
export type { CloudStatus, AlarmCounts } from './alarm-summary.js';
export {
  isSubcloudName, DEFAULT_GROUP, UPDATE_APPLY_TYPES, STARLINGX_MAX_PARALLEL_SUBCLOUDS, MAX_PARALLEL_SUBCLOUDS,
  groupNameProblem, refIsId,
} from './subcloud-names.js';
export type { UpdateApplyType } from './subcloud-names.js';
export { canonicalJson } from './canonical-json.js';
export type { SubcloudRecord, SubcloudChanges, SubcloudGroupRecord, FleetCount } from './subcloud-record.js';
export { subcloudEntity, offlineAlarm, outOfSyncAlarm, stateAlarms, clearSubcloudAlarms } from './subcloud-alarms.js';
export type { SubcloudAlarmState } from './subcloud-alarms.js';
export { auditVerdict } from './audit-verdict.js';
export type { AuditedState, AuditAnswer, AuditVerdict } from './audit-verdict.js';
export { planFleetWindow, deferOffline } from './fleet-window.js';
export type { FleetStepPhase, FleetStepView, FleetWindowInput, FleetWindowPlan } from './fleet-window.js';
export { lookSchedule, peerDurations } from './look-schedule.js';
export type { LookSchedule, LookScheduleInput, PeerDurations } from './look-schedule.js';
export {
  DC_SERVICE_ACCOUNT_PREFIX, serviceAccountName, isLocalAccount, requireUnreservedUserName,
} from './service-account.js';
export {
  identitySyncInput, platformSyncInput, softwareSyncInput, assignmentKey, silenceKey, RUNNING_RELEASE_STATES,
} from './sync-digest.js';
export type { IdentitySyncResources, PlatformSyncResources, DcSyncInputs } from './sync-digest.js';
export { checkIdentitySyncInput, checkPlatformSyncInput } from './sync-input-check.js';
export { SYNC_BODY_MAX_BYTES } from './sync-body-limit.js';
export { AUDIT_REPORT_MAX_BYTES } from './audit-report-limit.js';
export {
  PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_DEFAULT_CHUNK_BYTES, PRESTAGE_MAX_CHUNK_BYTES, PRESTAGE_MIN_CHUNK_BYTES,
} from './prestage-chunking.js';
export { joiningSystemController } from './join-request.js';
export type { JoiningSystemController } from './join-request.js';
export {
  FLEET_STRATEGY_TYPES, SW_DEPLOY_STEP_STATES, PRESTAGE_STEP_STATES, FLEET_STEP_STAGE_NAMES, STEP_DETAILS_MAX,
  FINISHED_PHASES, isFinishedPhase, stepDetails, subcloudFailure,
} from './fleet-step.js';
export type {
  FleetStrategyType, SwDeployStepState, PrestageStepState, FleetStepState, FleetStepStage, FleetStepRecord,
  FleetStepChanges, FleetPhaseCounts,
} from './fleet-step.js';
export {
  DEFAULT_MAX_PARALLEL_SUBCLOUDS, MAX_CANARIES, MAX_SOAK_SECONDS, MAX_PARALLEL_PRESTAGES, readFleetStrategyRequest,
} from './fleet-strategy-request.js';
export type { FleetStrategyOptions, FleetStrategyRequest, FleetRequestFacts } from './fleet-strategy-request.js';
export { DC_STRATEGY_STATES, DELETABLE_DC_STATES, dcStrategyState } from './fleet-strategy-state.js';
export type { DcStrategyState } from './fleet-strategy-state.js';
export {
  SW_UPDATE_OPTIONS_DEFAULT, SW_UPDATE_DEFAULT_TITLE, DEFAULT_OPTIONS_REFS, readSwUpdateOptions, vimStrategyBody,
} from './sw-update-options.js';
export type { SwUpdateOptions, SwUpdateOptionsRecord } from './sw-update-options.js';
export { PRESTAGE_ORIGINS, prestagePercent, withPrestageVersion } from './prestage-job.js';
export type { PrestageOrigin, SubcloudPrestageRecord, PrestageProgress } from './prestage-job.js';
export { readPrestageRequest, prestageRefusal } from './prestage-request.js';
export type { PrestageRequest } from './prestage-request.js';
export {
  prestageChunkCount, prestageChunkLength, prestageResumeBytes, prestageNextChunk, samePrestageOffer, prestageStatus,
  prestageChunkRefusal, prestageChunkHashRefusal, prestageBundleHashReason, prestageFailure, prestageOfferRefusal,
  prestageReleaseIdRefusal, prestageOffered,
} from './prestage-progress.js';
export type { PrestageRecord } from './prestage-progress.js';
