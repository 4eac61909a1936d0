import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Software releases uploaded to the controller (their bundles are kept in the data directory). */
export const releases: Migration = {
  version: 6,
  name: 'releases',
  creates: ['releases'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('reboot_required', 'integer', (c) => c.notNull())
      .addColumn('requires', 'text', (c) => c.notNull())
      .addColumn('hooks', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('uploaded_by', 'text')
      .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
