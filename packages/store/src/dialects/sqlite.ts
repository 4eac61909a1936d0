import Database from 'better-sqlite3';
import { SqliteDialect, type Dialect } from 'kysely';

/**
 * An embedded SQLite file in WAL mode with foreign keys on. `synchronous=FULL` makes every
 * acknowledged commit survive power loss, not only a process crash.
 */
export function createSqliteDialect(file: string): Dialect {
  return new SqliteDialect({
    database: async () => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      return db;
    },
  });
}
