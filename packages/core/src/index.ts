export {
  ERROR_CODES, ERROR_HTTP_STATUS, errorCodeForStatus, isErrorCode, AppError, isAppError, invalid, notFound, conflict,
  forbidden, systemClock, sysinvTime, keystoneTime, parseIsoTime, parseDuration, internalContext, queryFlag,
  findUnstorableText, requireDisplayableName, storableText, unsafeNameReason, unstorableReason, REFUSAL_RULES,
} from './common.js';
export type { ErrorCode, ErrorDetails, Clock, Actor, RequestContext, RefusalRule } from './common.js';
export {
  BUILTIN_ROLES, ACCESS_LEVELS, rolesAllow, DEFAULT_DOMAIN, DEFAULT_PASSWORD_POLICY, PASSWORD_RULES,
  checkPasswordRules, historyViolation, policyProblem, API_FAMILIES, CATALOG_SERVICES, ENDPOINT_INTERFACES,
  buildCatalog, findEndpoint,
} from './identity/index.js';
export type {
  BuiltinRole,
  AccessLevel,
  PasswordPolicy,
  PasswordRule,
  PasswordViolation,
  ApiFamily,
  ApiFamilySpec,
  CatalogEndpoint,
  CatalogEntry,
  CatalogService,
  EndpointInterface,
  ErrorBodyFormat,
  ServiceType,
  UserRecord,
  ProjectRecord,
  RoleRecord,
  RoleAssignment,
  TokenRecord,
} from './identity/index.js';
export {
  SYSTEM_TYPES, SYSTEM_MODES, DISTRIBUTED_CLOUD_ROLES, SYSTEM_PATCHABLE_FIELDS, SYSTEM_READ_ONLY_FIELDS, isDegrees,
  isTimeZone, validateSystemChange, ADMIN_STATES, AVAILABILITIES, CLOCK_SYNCHRONIZATIONS, HOST_ACTIONS,
  INVENTORY_STATES, OPER_STATES, PERSONALITIES, planHostAction, hostChangeEvents, hostCommandEvent, HOST_HEALTHS,
  healthAlarmChanges, healthAlarms, healthOf, stateForHealth, configAlarm, hostConfigChanged, hostConfigOf,
  CPU_FUNCTIONS, INVENTORY_KINDS, platformReservedMiB, reportedInventory, HOST_LOCKED_ONLY_FIELDS,
  HOST_PATCHABLE_FIELDS, HOST_READ_ONLY_FIELDS, checkClockSynchronization, checkHostname, checkPersonality,
  locationOf, normalizeMac, readNewHost, patchToChanges,
} from './inventory/index.js';
export type {
  SystemType, SystemMode, DistributedCloudRole, SystemRecord, SystemPatchableField, SystemChanges, AdminState,
  Availability, ClockSynchronization, HostAction, HostRecord, HostState, InventoryState, OperState, Personality,
  HeartbeatSettings, HostHealth, HostConfigDocument, HostConfigSectionName, HostConfigSections, CpuFunction, CpuItem,
  DiskItem, InterfaceItem, InventoryItemData, InventoryKind, MemoryItem, NodeItem, PortItem, ReportedInventory,
  ReportedItem, ActionPlan, HostContext, HostPatchableField, NewHostInput, JsonPatchOperation,
} from './inventory/index.js';
export { AUDIT_EVENTS, AUDIT_GENESIS_HASH, auditDigestInput } from './audit/index.js';
export type { AuditEvent, AuditFacts, AuditEntry } from './audit/index.js';
export {
  SEVERITIES, ALARM_TYPES, PROBABLE_CAUSES, severityRank, reachesThreshold, ALARM_CATALOGUE, findAlarmDefinition,
  isAlarmId, FM_QUERY_OPS, boundTest, passesTextTests, textTest, MAX_ENTITY_ID, MAX_REASON_TEXT, entityTypeOf,
  isBelow, requireDefinition, requireAlarmDefinition, checkSeverity, checkEntityInstanceId, checkReasonText,
  isManagementAffecting, isDegradeAffecting, summaryStatus, buildAlarmSet, buildLogEntry, changeScope,
  planAlarmChanges, SILENCE_MATCHER_FIELDS, MAX_SILENCE_MATCHERS, silenceState, formatMatcher, parseMatcher,
  checkMatcher, compileSilence, RECEIVER_KINDS, checkReceiverName, checkReceiverUrl, ALARM_IDS,
} from './fault/index.js';
export type { PlatformAlarmId, PlatformAlarmName } from './fault/index.js';
export type {
  Severity, EventSeverity, SeverityThreshold, AlarmType, ProbableCause, EventKind, AlarmDefinition, CompareOp,
  FmQueryOp, TextFieldKind, TextTest, TimeTest, SeverityCounts, RaiseInput, AlarmRecord, EventState, EventRecord,
  NewEvent, SuppressionStatus, SuppressionRecord, AlarmSet, LogEntry, AlarmChange, AlarmChangeResult, AlarmChangePlan,
  AlarmChangeScope, SilenceMatcherField, SilenceMatcher, SilenceState, SilenceRecord, SilenceTest, ReceiverKind,
  ReceiverRecord,
} from './fault/index.js';
export {
  ADDRESS_BITS, formatIp, parseIp, subnetBounds, POOL_ORDERS, POOL_ROLES, checkPoolRoles, checkRanges, checkSubnet,
  inRanges, nextFreeAddress, patchedRole, poolMember, rangeSize, readNewPool, NETWORK_TYPES, readNewNetwork,
} from './network/index.js';
export type {
  IpAddress, AddressPoolRecord, AllocatedAddress, NewAddressPool, PoolOrder, PoolRole, NetworkRecord, NetworkType,
  NewNetworkInput,
} from './network/index.js';
export {
  RELEASE_ID, RELEASE_STATES, readReleaseMetadata, HOOK_OUTPUT_MAX, HOST_SOFTWARE_STATES, deployHostAlarm,
  versionMismatchAlarm, planRollback,
} from './software/index.js';
export type {
  ReleaseMetadata, ReleaseState, HostSoftwareRecord, HostSoftwareReport, HostSoftwareState,
} from './software/index.js';
export {
  STRATEGY_RESULTS, STRATEGY_STATES, completionPercentage, currentPhase, emptyPhase, failureBudget, readRolloutOptions,
  plannedEntities, plannedStage, ALARM_RESTRICTIONS, APPLY_TYPES, INSTANCE_ACTIONS, MAX_PARALLEL_WORKERS,
  readSwDeployOptions, SW_DEPLOY_STEP_TIMEOUTS, planSwDeploy,
} from './orchestration/index.js';
export type {
  PhaseName, PhaseRecord, StageRecord, StepRecord, StrategyRecord, StrategyResult, StrategyState, MaxFailures,
  RolloutOptions, PlannedStep, AlarmRestriction, ApplyType, InstanceAction, SwDeployOptions, SwDeployStrategy,
  SwDeployStepName,
} from './orchestration/index.js';
export type { SystemObject, SystemCollection, PatchBody } from './contract/sysinv.js';
export type { HostObject, HostCollection, HostAddBody } from './contract/sysinv-hosts.js';
export type {
  CpuObject, DiskObject, EthernetPortObject, InterfaceObject, MemoryObject, NodeObject, PortObject,
} from './contract/sysinv-inventory.js';
export type {
  DeployHostObject, DeployHostResult, ReleaseObject, SigningKeyObject, UsmActionResult,
} from './contract/usm.js';
export type { PhaseObject, StageObject, StepObject, StrategyObject, StrategyReply } from './contract/nfv.js';
export type {
  AddressAllocateBody, AddressPoolCreateBody, AddressPoolObject, LabelObject, NetworkCreateBody, NetworkObject,
  PoolAddressObject,
} from './contract/sysinv-networks.js';
export type {
  AgentConfigApplied, AgentConfigDocument, AgentConfigNotice, AgentHello, AgentRegisterBody, AgentRegistration,
  AgentSoftwareReport, BootstrapTokenCollection, BootstrapTokenCreateBody, BootstrapTokenCreated,
  BootstrapTokenObject, BootstrapTokenState, CpuInventory, DiskInventory, DiskType, HostInventoryReport,
  HugepageInventory, NicInventory, NumaNodeInventory,
} from './contract/agent.js';
export type { AuditEntryObject, AuditListQuery, AuditList, AuditVerifyResult } from './contract/audit.js';
export type {
  AuthRequest, TokenBody, UserObject, UserCreateBody, UserUpdateBody, PasswordChangeBody, ProjectObject,
  ProjectCreateBody, ProjectUpdateBody, RoleObject, RoleCreateBody, RoleUpdateBody, RoleAssignmentObject,
  RoleAssignmentList,
} from './contract/identity.js';
export type {
  AlarmListItem, AlarmObject, AlarmCollection, AlarmSummary, AlarmPostBody, EventListItem, EventObject,
  EventCollection, SuppressionObject, SuppressionCollection, SuppressionPatchBody,
} from './contract/fm.js';
export type {
  SilenceObject, SilenceCreateBody, SilenceCollection, ReceiverObject, ReceiverCreateBody, ReceiverCollection,
} from './contract/fm-extensions.js';
