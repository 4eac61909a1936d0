export { ERROR_CODES, ERROR_HTTP_STATUS, errorCodeForStatus, isErrorCode } from './errors/error-code.js';
export type { ErrorCode } from './errors/error-code.js';
export { AppError, isAppError, invalid, notFound, conflict, forbidden } from './errors/app-error.js';
export type { ErrorDetails } from './errors/app-error.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { sysinvTime, keystoneTime } from './time/wire-time.js';
export { parseIsoTime } from './time/iso-time.js';
export { parseDuration } from './time/duration.js';
export { internalContext } from './request-context.js';
export { queryFlag } from './query-flag.js';
export type { Actor, RequestContext } from './request-context.js';

export { BUILTIN_ROLES, ACCESS_LEVELS, rolesAllow, DEFAULT_DOMAIN } from './identity/roles.js';
export type { BuiltinRole, AccessLevel } from './identity/roles.js';
export {
  DEFAULT_PASSWORD_POLICY,
  PASSWORD_RULES,
  checkPasswordRules,
  historyViolation,
  policyProblem,
} from './identity/password-policy.js';
export type { PasswordPolicy, PasswordRule, PasswordViolation } from './identity/password-policy.js';
export { API_FAMILIES, CATALOG_SERVICES, ENDPOINT_INTERFACES, buildCatalog, findEndpoint } from './identity/catalog.js';
export type { ApiFamily, ApiFamilySpec, CatalogEndpoint, CatalogEntry, CatalogService, EndpointInterface, ErrorBodyFormat, ServiceType } from './identity/catalog.js';
export type { UserRecord, ProjectRecord, RoleRecord, RoleAssignment, TokenRecord } from './identity/records.js';

export {
  SYSTEM_TYPES,
  SYSTEM_MODES,
  DISTRIBUTED_CLOUD_ROLES,
  SYSTEM_PATCHABLE_FIELDS,
  SYSTEM_READ_ONLY_FIELDS,
  isDegrees,
  isTimeZone,
  validateSystemChange,
} from './inventory/system.js';
export type {
  SystemType,
  SystemMode,
  DistributedCloudRole,
  SystemRecord,
  SystemPatchableField,
  SystemChanges,
} from './inventory/system.js';
export { ADMIN_STATES, AVAILABILITIES, CLOCK_SYNCHRONIZATIONS, HOST_ACTIONS, INVENTORY_STATES, OPER_STATES, PERSONALITIES } from './inventory/host.js';
export type { AdminState, Availability, ClockSynchronization, HostAction, HostRecord, HostState, InventoryState, OperState, Personality } from './inventory/host.js';
export { planHostAction } from './inventory/host-rules.js';
export { hostChangeEvents, hostCommandEvent } from './inventory/host-events.js';
export { HOST_HEALTHS, healthAlarmChanges, healthAlarms, healthOf, stateForHealth } from './inventory/host-health.js';
export type { HeartbeatSettings, HostHealth } from './inventory/host-health.js';
export { configAlarm, hostConfigChanged, hostConfigOf } from './inventory/host-config.js';
export type { HostConfigDocument } from './inventory/host-config.js';
export { CPU_FUNCTIONS, INVENTORY_KINDS, platformReservedMiB, reportedInventory } from './inventory/inventory-items.js';
export type {
  CpuFunction,
  CpuItem,
  DiskItem,
  InterfaceItem,
  InventoryItemData,
  InventoryKind,
  MemoryItem,
  NodeItem,
  PortItem,
  ReportedInventory,
  ReportedItem,
} from './inventory/inventory-items.js';
export type { ActionPlan, HostContext } from './inventory/host-rules.js';
export {
  HOST_LOCKED_ONLY_FIELDS,
  HOST_PATCHABLE_FIELDS,
  HOST_READ_ONLY_FIELDS,
  checkClockSynchronization,
  checkHostname,
  checkPersonality,
  locationOf,
  normalizeMac,
  readNewHost,
} from './inventory/host-input.js';
export type { HostPatchableField, NewHostInput } from './inventory/host-input.js';
export { patchToChanges } from './inventory/json-patch.js';
export type { JsonPatchOperation } from './inventory/json-patch.js';

export { AUDIT_EVENTS, AUDIT_GENESIS_HASH, auditDigestInput } from './audit/audit-entry.js';
export type { AuditEvent, AuditFacts, AuditEntry } from './audit/audit-entry.js';

export type { SystemObject, SystemCollection, PatchBody } from './contract/sysinv.js';
export type { HostObject, HostCollection, HostAddBody } from './contract/sysinv-hosts.js';
export type { CpuObject, DiskObject, EthernetPortObject, InterfaceObject, MemoryObject, NodeObject, PortObject } from './contract/sysinv-inventory.js';
export type { DeployHostObject, DeployHostResult, ReleaseObject, SigningKeyObject, UsmActionResult } from './contract/usm.js';
export type { PhaseObject, StageObject, StepObject, StrategyObject, StrategyReply } from './contract/nfv.js';
export type { AddressAllocateBody, AddressPoolCreateBody, AddressPoolObject, LabelObject, NetworkCreateBody, NetworkObject, PoolAddressObject } from './contract/sysinv-networks.js';
export type {
  AgentConfigApplied,
  AgentConfigDocument,
  AgentConfigNotice,
  AgentHello,
  AgentRegisterBody,
  AgentRegistration,
  AgentSoftwareReport,
  BootstrapTokenCollection,
  BootstrapTokenCreateBody,
  BootstrapTokenCreated,
  BootstrapTokenObject,
  BootstrapTokenState,
  CpuInventory,
  DiskInventory,
  DiskType,
  HostInventoryReport,
  HugepageInventory,
  NicInventory,
  NumaNodeInventory,
} from './contract/agent.js';
export type { AuditEntryObject, AuditListQuery, AuditList, AuditVerifyResult } from './contract/audit.js';
export type {
  AuthRequest,
  TokenBody,
  UserObject,
  UserCreateBody,
  UserUpdateBody,
  PasswordChangeBody,
  ProjectObject,
  ProjectCreateBody,
  ProjectUpdateBody,
  RoleObject,
  RoleCreateBody,
  RoleUpdateBody,
  RoleAssignmentObject,
  RoleAssignmentList,
} from './contract/identity.js';

export {
  SEVERITIES,
  ALARM_TYPES,
  PROBABLE_CAUSES,
  severityRank,
  reachesThreshold,
} from './fault/alarm-definition.js';
export type {
  Severity,
  EventSeverity,
  SeverityThreshold,
  AlarmType,
  ProbableCause,
  EventKind,
  AlarmDefinition,
} from './fault/alarm-definition.js';
export { ALARM_CATALOGUE, findAlarmDefinition, isAlarmId } from './fault/alarm-catalogue.js';
export { FM_QUERY_OPS, boundTest, passesTextTests, textTest } from './fault/fm-filter.js';
export type { CompareOp, FmQueryOp, TextFieldKind, TextTest, TimeTest } from './fault/fm-filter.js';
export {
  MAX_ENTITY_ID,
  MAX_REASON_TEXT,
  entityTypeOf,
  isBelow,
  requireDefinition,
  requireAlarmDefinition,
  checkSeverity,
  checkEntityInstanceId,
  checkReasonText,
  isManagementAffecting,
  isDegradeAffecting,
  summaryStatus,
  buildAlarmSet,
  buildLogEntry,
} from './fault/alarm-rules.js';
export type { SeverityCounts, RaiseInput } from './fault/alarm-rules.js';
export type { AlarmRecord, EventState, EventRecord, NewEvent, SuppressionStatus, SuppressionRecord } from './fault/fault-records.js';
export { changeScope, planAlarmChanges } from './fault/alarm-changes.js';
export type { AlarmSet, LogEntry, AlarmChange, AlarmChangeResult, AlarmChangePlan, AlarmChangeScope } from './fault/alarm-changes.js';
export {
  SILENCE_MATCHER_FIELDS,
  MAX_SILENCE_MATCHERS,
  silenceState,
  formatMatcher,
  parseMatcher,
  checkMatcher,
  compileSilence,
} from './fault/silence.js';
export type { SilenceMatcherField, SilenceMatcher, SilenceState, SilenceRecord, SilenceTest } from './fault/silence.js';
export { RECEIVER_KINDS, checkReceiverName, checkReceiverUrl } from './fault/receiver.js';
export type { ReceiverKind, ReceiverRecord } from './fault/receiver.js';
export type {
  AlarmListItem,
  AlarmObject,
  AlarmCollection,
  AlarmSummary,
  AlarmPostBody,
  EventListItem,
  EventObject,
  EventCollection,
  SuppressionObject,
  SuppressionCollection,
  SuppressionPatchBody,
} from './contract/fm.js';
export type { SilenceObject, SilenceCreateBody, SilenceCollection, ReceiverObject, ReceiverCreateBody, ReceiverCollection } from './contract/fm-extensions.js';

export { ADDRESS_BITS, formatIp, parseIp, subnetBounds } from './network/ip-address.js';
export type { IpAddress } from './network/ip-address.js';
export { POOL_ORDERS, POOL_ROLES, checkPoolRoles, checkRanges, checkSubnet, inRanges, nextFreeAddress, patchedRole, poolMember, rangeSize, readNewPool } from './network/address-pool.js';
export type { AddressPoolRecord, AllocatedAddress, NewAddressPool, PoolOrder, PoolRole } from './network/address-pool.js';
export { NETWORK_TYPES, readNewNetwork } from './network/network.js';
export type { NetworkRecord, NetworkType, NewNetworkInput } from './network/network.js';
export { RELEASE_ID, RELEASE_STATES, readReleaseMetadata } from './software/release-metadata.js';
export type { ReleaseMetadata, ReleaseState } from './software/release-metadata.js';
export { HOOK_OUTPUT_MAX, HOST_SOFTWARE_STATES, deployHostAlarm, versionMismatchAlarm } from './software/host-software.js';
export type { HostSoftwareRecord, HostSoftwareReport, HostSoftwareState } from './software/host-software.js';
export { planRollback } from './software/rollback-plan.js';
export { STRATEGY_RESULTS, STRATEGY_STATES, completionPercentage, currentPhase, emptyPhase } from './orchestration/strategy.js';
export type { PhaseName, PhaseRecord, StageRecord, StepRecord, StrategyRecord, StrategyResult, StrategyState } from './orchestration/strategy.js';
export { failureBudget, readRolloutOptions } from './orchestration/rollout-options.js';
export type { MaxFailures, RolloutOptions } from './orchestration/rollout-options.js';
export { plannedEntities, plannedStage } from './orchestration/strategy-plan.js';
export type { PlannedStep } from './orchestration/strategy-plan.js';
export { ALARM_RESTRICTIONS, APPLY_TYPES, INSTANCE_ACTIONS, MAX_PARALLEL_WORKERS, readSwDeployOptions } from './orchestration/sw-deploy-options.js';
export type { AlarmRestriction, ApplyType, InstanceAction, SwDeployOptions, SwDeployStrategy } from './orchestration/sw-deploy-options.js';
export { SW_DEPLOY_STEP_TIMEOUTS, planSwDeploy } from './orchestration/sw-deploy-plan.js';
export type { SwDeployStepName } from './orchestration/sw-deploy-plan.js';
export { findUnstorableText, requireDisplayableName, storableText, unsafeNameReason, unstorableReason } from './text/text-safety.js';
