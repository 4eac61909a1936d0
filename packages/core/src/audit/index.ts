/** The hash-chained audit log. `@murmuration/core/audit`. */
export { AUDIT_EVENTS, AUDIT_GENESIS_HASH, auditDigestInput } from './audit-entry.js';
export type { AuditEvent, AuditFacts, AuditEntry } from './audit-entry.js';
