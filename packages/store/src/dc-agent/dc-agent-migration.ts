import type { Kysely } from 'kysely';
import type { Migration } from '../migrations/migration.js';
import './dc-agent-tables.js';

/** The subcloud side of Distributed Cloud: join tokens and the membership record. */
export const dcAgentMigration: Migration = {
  version: 11,
  name: 'dc-agent',
  creates: ['dc_join_tokens', 'dc_membership'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dc_join_tokens')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by', 'text')
      .execute();

    await db.schema
      .createTable('dc_membership')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('subcloud_name', 'text', (c) => c.notNull())
      .addColumn('system_controller_region', 'text', (c) => c.notNull())
      .addColumn('system_controller_url', 'text', (c) => c.notNull())
      .addColumn('system_controller_version', 'text', (c) => c.notNull())
      .addColumn('service_user_id', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
