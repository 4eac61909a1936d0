import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Migration } from '../migrations/migration.js';

/** The sequence that numbers the notices replicas send each other over PostgreSQL: its epoch. */
export const NOTICE_EPOCH_SEQUENCE = 'murmur_notice_epoch';

/**
 * The notices' epoch (PostgreSQL only: an SQLite database has one process, which needs no notices). A sequence, not a
 * row: every publisher takes the next number without waiting for another's transaction.
 */
export const noticesMigration: Migration = {
  version: 15,
  name: 'replica-notices',
  creates: [],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    if (dialect === 'postgres') await sql`create sequence ${sql.raw(NOTICE_EPOCH_SEQUENCE)}`.execute(db);
  },
};
