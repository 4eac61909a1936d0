import type { DialectName } from '../dialects/dialect-name.js';
import { STORE_DOMAINS, type DomainRepos } from '../store-domains.js';
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
export type Repos = DomainRepos & CommitHooks;

export function bindRepos(db: Executor, dialect: DialectName, commitCallbacks: (() => void)[] | null = null): Repos {
  const groups = STORE_DOMAINS.map((domain) => domain.repos(db, dialect));
  return Object.assign(
    { afterCommit: (callback: () => void) => (commitCallbacks ? commitCallbacks.push(callback) : callback()) },
    ...groups,
  ) as Repos;
}
