import { auditRepo, type AuditRepo } from './audit-repo.js';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';

/** The audit service's repository. */
export interface AuditRepos {
  readonly audit: AuditRepo;
}

export function auditRepos(db: Executor, dialect: DialectName): AuditRepos {
  return {
    audit: auditRepo(db, dialect),
  };
}
