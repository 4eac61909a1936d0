import type { Kysely } from 'kysely';
import type { Migration } from '../migrations/migration.js';
import './prestage-tables.js';

/** Each subcloud's latest prestage, with the lease of the replica working it. */
export const prestageMigration: Migration = {
  version: 13,
  name: 'subcloud-prestages',
  creates: ['subcloud_prestages'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('subcloud_prestages')
      .addColumn('subcloud_id', 'integer', (c) => c.primaryKey().references('subclouds.id').onDelete('cascade'))
      .addColumn('release_id', 'text', (c) => c.notNull())
      .addColumn('for_sw_deploy', 'integer', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('bytes_total', 'bigint', (c) => c.notNull())
      .addColumn('bytes_sent', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('resumed_from', 'bigint', (c) => c.notNull())
      .addColumn('rate_bps', 'bigint', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .execute();
    await db.schema.createIndex('subcloud_prestages_state').on('subcloud_prestages').columns(['state', 'lease_until']).execute();
  },
};
