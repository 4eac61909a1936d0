export { createAuditService } from './audit-service.js';
export type { AuditNote, AuditService, AuditVerification } from './audit-service.js';
