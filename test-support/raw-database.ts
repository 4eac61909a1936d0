import type { StoreLocation } from '@murmuration/store';
import Database from 'better-sqlite3';
import pg from 'pg';

export type RawRow = Record<string, unknown>;

/**
 * Runs one SQL statement straight on a test database, beside the store: for tests that
 * inspect what was stored or tamper with it as an intruder with database access would.
 * Write `?` placeholders; they become `$1, $2, …` on PostgreSQL. Returns the rows read or
 * returned (an empty list for statements that return none).
 */
export async function rawQuery(
  location: StoreLocation,
  text: string,
  params: readonly unknown[] = [],
): Promise<RawRow[]> {
  if (location.kind === 'sqlite') {
    const db = new Database(location.file);
    try {
      db.pragma('busy_timeout = 5000');
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as RawRow[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    const result = await client.query(
      text.replace(/\?/g, () => `$${++n}`),
      params as unknown[],
    );
    return result.rows as RawRow[];
  } finally {
    await client.end();
  }
}

/** Names of the tables in the database (application tables only). */
export async function tableNames(location: StoreLocation): Promise<string[]> {
  const rows =
    location.kind === 'sqlite'
      ? await rawQuery(location, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      : await rawQuery(location, "select table_name as name from information_schema.tables where table_schema = 'public'");
  return rows.map((r) => String(r['name'])).sort();
}
