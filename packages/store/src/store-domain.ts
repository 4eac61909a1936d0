import type { DialectName } from './dialects/dialect-name.js';
import type { Migration } from './migrations/migration.js';
import type { Executor } from './repos/executor.js';

/**
 * What one service's slice of the store contributes: its repositories, bound to an executor, and
 * the schema steps that create its tables (a slice written before slices had steps of their own
 * has them in `migrations/`). Its tables join `Database` from its own tables file, by declaration
 * merging, so that its repositories and steps are checked against them.
 */
export interface StoreDomain<R extends object> {
  readonly repos: (db: Executor, dialect: DialectName) => R;
  readonly migrations: readonly Migration[];
}

export function storeDomain<R extends object>(
  repos: (db: Executor, dialect: DialectName) => R,
  migrations: readonly Migration[] = [],
): StoreDomain<R> {
  return { repos, migrations };
}
