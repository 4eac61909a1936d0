import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Each host's software: the release it runs, the one it should run, and how its last deployment went. */
export const hostSoftware: Migration = {
  version: 7,
  name: 'host-software',
  creates: ['host_software'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('host_software')
      .addColumn('host_uuid', 'text', (c) => c.primaryKey().references('hosts.uuid').onDelete('cascade'))
      .addColumn('running_release', 'text')
      .addColumn('previous_release', 'text')
      .addColumn('target_release', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
