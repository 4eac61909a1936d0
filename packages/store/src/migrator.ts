import { AppError } from '@murmuration/core/common';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialects/dialect-name.js';
import type { Migration } from './migrations/migration.js';
import type { Database } from './schema.js';

/** Key of the PostgreSQL advisory lock that keeps two controllers from migrating at once. */
const MIGRATION_LOCK_KEY = 0x6d75726d;

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly version: number;
}

async function appliedVersions(db: Kysely<Database>): Promise<Set<number>> {
  const rows = await db.selectFrom('schema_migrations').select('version').execute();
  return new Set(rows.map((r) => Number(r.version)));
}

/**
 * Brings the schema up to date: each pending step runs in its own transaction together with
 * the row that records it, so a crash leaves the schema at a step boundary. Refuses a database
 * written by a newer controller (forward only, never guessing at a downgrade).
 */
export async function migrate(
  db: Kysely<Database>,
  dialect: DialectName,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  // PostgreSQL's `if not exists` is not safe against a concurrent create: replicas starting
  // together would collide in the catalog, so the table is created under the migration lock.
  await db.transaction().execute(async (tx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await tx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
  });

  const known = Math.max(0, ...migrations.map((m) => m.version));
  const present = await appliedVersions(db);
  const newest = Math.max(0, ...present);
  if (newest > known) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `database schema is at version ${newest} but this controller knows only up to ${known}; run a newer controller`,
    );
  }

  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (present.has(migration.version)) continue;
    const ran = await db.transaction().execute(async (tx) => {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
        if ((await appliedVersions(tx)).has(migration.version)) return false;
      }
      await migration.up(tx as unknown as Kysely<unknown>, dialect);
      await tx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
        .execute();
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return { applied, version: known };
}
