import { DEFAULT_GROUP } from '@murmuration/core/dc';
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { autoId } from '../migrations/auto-id.js';
import type { Migration } from '../migrations/migration.js';
import type { Database } from '../schema.js';
import './dc-tables.js';

/** Subclouds, their groups (with the Default group, id 1) and their audit schedule. */
export const dcMigration: Migration = {
  version: 10,
  name: 'distributed-cloud',
  creates: ['subcloud_groups', 'subclouds', 'subcloud_audits'],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    await autoId(db.schema.createTable('subcloud_groups'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('update_apply_type', 'text', (c) => c.notNull())
      .addColumn('max_parallel_subclouds', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();
    // The first row the identity numbers: the Default group is id 1 in both dialects.
    await (db as unknown as Kysely<Database>)
      .insertInto('subcloud_groups')
      .values({
        name: DEFAULT_GROUP.name, description: DEFAULT_GROUP.description,
        update_apply_type: DEFAULT_GROUP.updateApplyType, max_parallel_subclouds: DEFAULT_GROUP.maxParallelSubclouds,
        created_at: Date.now(), updated_at: null,
      })
      .execute();

    await autoId(db.schema.createTable('subclouds'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('location', 'text')
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision')
      .addColumn('group_id', 'integer', (c) => c.notNull().references('subcloud_groups.id'))
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('region_name', 'text', (c) => c.notNull().unique())
      .addColumn('system_uuid', 'text', (c) => c.notNull())
      .addColumn('software_version', 'text', (c) => c.notNull())
      .addColumn('management_state', 'text', (c) => c.notNull())
      .addColumn('availability_status', 'text', (c) => c.notNull())
      .addColumn('deploy_status', 'text', (c) => c.notNull())
      .addColumn('error_description', 'text', (c) => c.notNull())
      .addColumn('endpoint_sync', 'text', (c) => c.notNull())
      .addColumn('sync_status', 'text', (c) => c.notNull())
      .addColumn('alarm_critical', 'integer', (c) => c.notNull())
      .addColumn('alarm_major', 'integer', (c) => c.notNull())
      .addColumn('alarm_minor', 'integer', (c) => c.notNull())
      .addColumn('alarm_warnings', 'integer', (c) => c.notNull())
      .addColumn('alarm_summary_uuid', 'text', (c) => c.notNull())
      .addColumn('prestage_status', 'text')
      .addColumn('prestage_versions', 'text')
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();
    await db.schema.createIndex('subclouds_by_group').on('subclouds').column('group_id').execute();
    await db.schema
      .createIndex('subclouds_by_state')
      .on('subclouds')
      .columns(['management_state', 'availability_status', 'sync_status'])
      .execute();

    await db.schema
      .createTable('subcloud_audits')
      .addColumn('subcloud_id', 'integer', (c) => c.primaryKey().references('subclouds.id').onDelete('cascade'))
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('etag', 'text')
      .addColumn('report', 'text')
      .addColumn('audited_at', 'bigint')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('subcloud_audits_due').on('subcloud_audits').column('due_at').execute();
  },
};
