import { hostInventoryRepo, type HostInventoryRepo } from './host-inventory-repo.js';
import { hostLabelRepo, type HostLabelRepo } from './host-label-repo.js';
import { hostRepo, type HostRepo } from './host-repo.js';
import { systemRepo, type SystemRepo } from './system-repo.js';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';

/** The inventory service's repositories: the system, hosts, their hardware and labels. */
export interface InventoryRepos {
  readonly systems: SystemRepo;
  readonly hosts: HostRepo;
  readonly inventory: HostInventoryRepo;
  readonly labels: HostLabelRepo;
}

export function inventoryRepos(db: Executor, dialect: DialectName): InventoryRepos {
  return {
    systems: systemRepo(db),
    hosts: hostRepo(db, dialect),
    inventory: hostInventoryRepo(db),
    labels: hostLabelRepo(db),
  };
}
