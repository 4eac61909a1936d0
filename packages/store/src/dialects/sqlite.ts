import Database from 'better-sqlite3';
import { SqliteDialect, type Dialect, type SqliteDatabase } from 'kysely';

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
      return withStatementCache(db);
    },
  });
}
