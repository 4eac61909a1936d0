import Database from 'better-sqlite3';
import { SqliteDialect, type Dialect, type SqliteDatabase } from 'kysely';
import { closeSync, fsync, openSync } from 'node:fs';

const STATEMENT_CACHE_SIZE = 512;

/**
 * Reuses prepared statements by SQL text: preparing costs more than running a primary-key
 * read, and the query builder produces the same text for the same query shape.
 */
function withStatementCache(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** An SQLite dialect and the way to make its commits durable. */
export interface SqliteStore {
  readonly dialect: Dialect;
  /**
   * Resolves once everything committed before the call is on stable storage. The sync runs on
   * libuv's thread pool, so a commit never stalls the event loop waiting for the disk, and
   * commits that land while one sync is running share the next one (group commit).
   */
  durable(): Promise<void>;
  close(): void;
}

/**
 * An embedded SQLite file in WAL mode with foreign keys on. Commits are written with
 * `synchronous=NORMAL` (safe against a process crash at once) and made safe against power loss
 * by syncing the write-ahead log before the commit is acknowledged (`durable`).
 */
export function createSqliteStore(file: string): SqliteStore {
  const walPath = `${file}-wal`;
  let walFd: number | null = null;
  /** Sync generations: a commit waits for a sync that started after it. */
  let requested = 0;
  let started = 0;
  let running = false;
  let closed = false;
  const waiters: Array<{ generation: number; resolve: () => void; reject: (error: unknown) => void }> = [];

  function settle(upTo: number, error: unknown): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (waiter.generation > upTo) continue;
      waiters.splice(i, 1);
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  function kick(): void {
    if (running || started >= requested) return;
    started = requested;
    const generation = started;
    // Closed: the last connection's close checkpointed the log into the database file, synced.
    if (closed) return settle(generation, null);
    try {
      walFd ??= openSync(walPath, 'r+');
    } catch (error) {
      return settle(generation, error);
    }
    running = true;
    fsync(walFd, (error) => {
      running = false;
      settle(generation, error);
      kick();
    });
  }

  return {
    dialect: new SqliteDialect({
      database: async () => {
        const db = new Database(file);
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        return withStatementCache(db);
      },
    }),
    durable() {
      requested += 1;
      const generation = requested;
      const done = new Promise<void>((resolve, reject) => waiters.push({ generation, resolve, reject }));
      kick();
      return done;
    },
    close() {
      closed = true;
      if (walFd !== null) closeSync(walFd);
      walFd = null;
    },
  };
}
