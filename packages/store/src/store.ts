import { AppError } from '@murmuration/core/common';
import { Kysely, sql } from 'kysely';
import type { DialectName } from './dialects/dialect-name.js';
import { isRetryable, withTranslatedErrors } from './dialects/driver-errors.js';
import { createPostgresDialect } from './dialects/postgres.js';
import { createSqliteStore } from './dialects/sqlite.js';
import { localNoticeFeed, type NoticeFeed } from './replicas/notice-feed.js';
import { pgNoticeFeed } from './replicas/pg-notice-feed.js';
import { pgSessionLocks } from './replicas/pg-session-locks.js';
import { localSessionLocks, type SessionLocks } from './replicas/session-locks.js';
import { STORE_MIGRATIONS } from './store-domains.js';
import { migrate, type MigrationReport } from './migrator.js';
import { bindRepos, type Repos } from './repos/repos.js';
import type { Database } from './schema.js';

/** Where the store lives: an SQLite file, or a PostgreSQL database. */
export type StoreLocation = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * The database. `R` narrows the repositories a holder sees to the groups of the service it
 * serves (`Store<InventoryRepos>`); the composition root holds the whole store.
 */
export interface Store<R = Repos> {
  readonly dialect: DialectName;
  /** Repositories that run each query on its own (auto-commit). */
  readonly repos: R;
  /** The schema steps applied when the store was opened. */
  readonly migrations: MigrationReport;
  /**
   * Runs `work` in one transaction: all of it commits or none of it does, and the promise
   * resolves only once the commit is on stable storage. Serialization failures (PostgreSQL)
   * are retried a few times before UNAVAILABLE.
   */
  transaction<T>(work: (repos: R) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction as `transaction` does, but resolves as soon as the commit is
   * made, with its durability as a promise apart: a writer can run its next transaction while
   * the disk syncs this one, and answer each caller once `durable` resolves.
   */
  commit<T>(work: (repos: R) => Promise<T>): Promise<Committed<T>>;
  /**
   * The notices other processes over the database publish (`repos.notices`): PostgreSQL's LISTEN/NOTIFY on a
   * connection of its own, opened when something first follows a topic; nothing on SQLite, which one process holds.
   */
  readonly notices: NoticeFeed;
  /** Locks that exclude the other processes over the database while this one lives (SQLite: this process's own). */
  readonly locks: SessionLocks;
  /** Answers whether the database responds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A committed transaction's result, and when the commit is on stable storage. */
export interface Committed<T> {
  readonly value: T;
  readonly durable: Promise<void>;
}

const MAX_ATTEMPTS = 4;

/** Opens the database, applies pending migrations and returns the store. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const dialect: DialectName = location.kind;
  const sqlite = location.kind === 'sqlite' ? createSqliteStore(location.file) : null;
  const base = location.kind === 'sqlite' ? sqlite!.dialect : createPostgresDialect(location.url).dialect;
  // PostgreSQL makes a commit durable before it answers; SQLite's needs its log synced.
  const durable = sqlite ? () => sqlite.durable() : () => Promise.resolve();
  const db = new Kysely<Database>({ dialect: withTranslatedErrors(base) });
  let report: MigrationReport;
  try {
    report = await migrate(db, dialect, STORE_MIGRATIONS);
  } catch (error) {
    await db.destroy();
    throw error instanceof AppError ? error : new AppError('UNAVAILABLE', `cannot open the ${dialect} store: ${String(error)}`, undefined, { cause: error });
  }

  const repos = bindRepos(db, dialect);
  const notices = location.kind === 'postgres' ? pgNoticeFeed(location.url) : localNoticeFeed();
  const locks = location.kind === 'postgres' ? pgSessionLocks(location.url) : localSessionLocks();
  async function runTransaction<T>(work: (repos: Repos) => Promise<T>): Promise<{ value: T; committed: () => void }> {
    for (let attempt = 1; ; attempt++) {
      // Each attempt collects its own callbacks: those of a rolled-back attempt are dropped.
      const callbacks: (() => void)[] = [];
      try {
        const value = await db.transaction().execute((tx) => work(bindRepos(tx, dialect, callbacks)));
        return { value, committed: () => callbacks.forEach((callback) => callback()) };
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
  return {
    dialect,
    repos,
    migrations: report,
    notices,
    locks,
    async transaction(work) {
      const { value, committed } = await runTransaction(work);
      await durable();
      committed();
      return value;
    },
    async commit(work) {
      const { value, committed } = await runTransaction(work);
      return { value, durable: durable().then(committed) };
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all([notices.close(), locks.close()]);
      await db.destroy();
      sqlite?.close();
    },
  };
}
