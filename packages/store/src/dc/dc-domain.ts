import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';
import { storeDomain } from '../store-domain.js';
import { dcMigration } from './dc-migration.js';
import { subcloudAuditRepo, type SubcloudAuditRepo } from './subcloud-audit-repo.js';
import { subcloudGroupRepo, type SubcloudGroupRepo } from './subcloud-group-repo.js';
import { subcloudRepo, type SubcloudRepo } from './subcloud-repo.js';
import './dc-tables.js';

/** The system controller's repositories: subclouds, their groups, their audit schedule. */
export interface DcRepos {
  readonly subclouds: SubcloudRepo;
  readonly subcloudGroups: SubcloudGroupRepo;
  readonly subcloudAudits: SubcloudAuditRepo;
}

function dcRepos(db: Executor, dialect: DialectName): DcRepos {
  return {
    subclouds: subcloudRepo(db),
    subcloudGroups: subcloudGroupRepo(db),
    subcloudAudits: subcloudAuditRepo(db, dialect),
  };
}

/** Distributed Cloud's slice of the store. */
export const dcDomain = storeDomain(dcRepos, [dcMigration]);
