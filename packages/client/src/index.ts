export { createClient } from './client.js';
export type { Client } from './client.js';
export { Session } from './session.js';
export type { CachedToken, Credentials, ServiceRequest, SessionOptions, TokenStore } from './session.js';
export { IdentityApi } from './identity-api.js';
export { SysinvApi } from './sysinv-api.js';
export { AuditApi } from './audit-api.js';
export { FmApi } from './fm-api.js';
export { AgentApi, HostAgentApi, HOST_CREDENTIAL_HEADER } from './agent-api.js';
export { BootstrapTokenApi } from './bootstrap-token-api.js';
export { DcAgentApi } from './dc-agent-api.js';
export type { AuditResult, PushedSyncBodies } from './dc-agent-api.js';
export { HostApi } from './host-api.js';
export { NetworkApi } from './network-api.js';
export { SoftwareApi } from './software-api.js';
export { OrchestrationApi } from './orchestration-api.js';
export { DcmanagerApi, DEFAULT_OPTIONS_REF } from './dcmanager-api.js';
export type { DcAlarmSummary, DcFleetCount, DcStrategyType } from './dcmanager-api.js';
export type {
  DcSubcloudAddRequest, DcSubcloudUpdateRequest, DcSwDeployStrategyRequest, DcSwUpdateOptionsRequest,
} from './dcmanager-requests.js';
export type { RegisterRequest } from './agent-api.js';
export type { AlarmListOptions, EventListOptions, FmQuery, FmQueryOp } from './fm-api.js';
export { errorFromResponse } from './errors.js';
export { send, parseJson, unreachableReason } from './http.js';
export type { FetchLike, HttpRequest, HttpResponse } from './http.js';
