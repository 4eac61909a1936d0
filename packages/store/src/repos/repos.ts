import { agentsRepos, type AgentsRepos } from '../agents/agents-repos.js';
import { auditRepos, type AuditRepos } from '../audit/audit-repos.js';
import type { DialectName } from '../dialects/dialect-name.js';
import { faultRepos, type FaultRepos } from '../fault/fault-repos.js';
import { identityRepos, type IdentityRepos } from '../identity/identity-repos.js';
import { inventoryRepos, type InventoryRepos } from '../inventory/inventory-repos.js';
import { networkRepos, type NetworkRepos } from '../network/network-repos.js';
import { orchestrationRepos, type OrchestrationRepos } from '../orchestration/orchestration-repos.js';
import { softwareRepos, type SoftwareRepos } from '../software/software-repos.js';
import type { Executor } from './executor.js';

/** What runs once the transaction that repositories belong to has committed. */
export interface CommitHooks {
  /**
   * Runs `callback` once the transaction these repositories belong to has committed (at once
   * for the auto-commit repositories); never when it rolls back or is retried from the start.
   */
  afterCommit(callback: () => void): void;
}

/**
 * Every repository, bound to one executor (the database, or one transaction): the groups each
 * service declares in its own folder, merged. A service names the groups it uses
 * (`Store<InventoryRepos>`), so that its dependencies show the tables it owns.
 */
export interface Repos
  extends IdentityRepos,
    AuditRepos,
    InventoryRepos,
    AgentsRepos,
    NetworkRepos,
    FaultRepos,
    SoftwareRepos,
    OrchestrationRepos,
    CommitHooks {}

export function bindRepos(db: Executor, dialect: DialectName, commitCallbacks: (() => void)[] | null = null): Repos {
  return {
    afterCommit: (callback) => (commitCallbacks ? commitCallbacks.push(callback) : callback()),
    ...identityRepos(db),
    ...auditRepos(db, dialect),
    ...inventoryRepos(db, dialect),
    ...agentsRepos(db),
    ...networkRepos(db, dialect),
    ...faultRepos(db, dialect),
    ...softwareRepos(db),
    ...orchestrationRepos(db),
  };
}
