export { createDcAgentService } from './dc-agent-service.js';
export type { DcAgentService } from './dc-agent-service.js';
export type { JoinTokenEntry, JoinTokens } from './join-tokens.js';
export type { SubcloudJoin } from './subcloud-join.js';
export { AUDIT_ANSWER_TTL_MS } from './subcloud-report.js';
export type { AuditAnswer } from './subcloud-report.js';
export { sha256Hex, syncDigest } from './sync-digest-hash.js';
export { dcAgentModule } from './dc-agent-module.js';
