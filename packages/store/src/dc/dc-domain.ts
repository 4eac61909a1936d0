import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';
import { storeDomain } from '../store-domain.js';
import { dcMigration } from './dc-migration.js';
import { fleetMigration } from './fleet-migration.js';
import { fleetStepRepo, type FleetStepRepo } from './fleet-step-repo.js';
import { prestageMigration } from './prestage-migration.js';
import { subcloudPrestageRepo, type SubcloudPrestageRepo } from './prestage-repo.js';
import { subcloudAuditRepo, type SubcloudAuditRepo } from './subcloud-audit-repo.js';
import { subcloudGroupRepo, type SubcloudGroupRepo } from './subcloud-group-repo.js';
import { subcloudRepo, type SubcloudRepo } from './subcloud-repo.js';
import { swUpdateOptionsRepo, type SwUpdateOptionsRepo } from './sw-update-options-repo.js';
import './dc-tables.js';
import './fleet-tables.js';
import './prestage-tables.js';

/**
 * The system controller's repositories: subclouds, their groups, their audit schedule, the steps of the strategy
 * across them, the options of their own strategies and their prestages.
 */
export interface DcRepos {
  readonly subclouds: SubcloudRepo;
  readonly subcloudGroups: SubcloudGroupRepo;
  readonly subcloudAudits: SubcloudAuditRepo;
  readonly fleetSteps: FleetStepRepo;
  readonly swUpdateOptions: SwUpdateOptionsRepo;
  readonly subcloudPrestages: SubcloudPrestageRepo;
}

function dcRepos(db: Executor, dialect: DialectName): DcRepos {
  return {
    subclouds: subcloudRepo(db),
    subcloudGroups: subcloudGroupRepo(db),
    subcloudAudits: subcloudAuditRepo(db, dialect),
    fleetSteps: fleetStepRepo(db, dialect),
    swUpdateOptions: swUpdateOptionsRepo(db),
    subcloudPrestages: subcloudPrestageRepo(db, dialect),
  };
}

/** Distributed Cloud's slice of the store. */
export const dcDomain = storeDomain(dcRepos, [dcMigration, fleetMigration, prestageMigration]);
