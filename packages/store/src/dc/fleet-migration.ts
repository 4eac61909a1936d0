import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { autoId } from '../migrations/auto-id.js';
import type { Migration } from '../migrations/migration.js';
import './fleet-tables.js';

/** The steps of the fleet strategy, one per subcloud, and the subclouds' strategy options. */
export const fleetMigration: Migration = {
  version: 12,
  name: 'fleet-orchestration',
  creates: ['fleet_strategy_steps', 'sw_update_options'],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    await db.schema
      .createTable('fleet_strategy_steps')
      .addColumn('strategy_uuid', 'text', (c) => c.notNull())
      .addColumn('subcloud_id', 'integer', (c) => c.notNull())
      .addColumn('subcloud_name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('stage', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('deferrals', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('not_before', 'bigint')
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('vim_strategy_uuid', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .addPrimaryKeyConstraint('fleet_strategy_steps_pk', ['strategy_uuid', 'subcloud_id'])
      .execute();
    await db.schema
      .createIndex('fleet_strategy_steps_order')
      .on('fleet_strategy_steps')
      .columns(['strategy_uuid', 'position'])
      .unique()
      .execute();
    await db.schema
      .createIndex('fleet_strategy_steps_by_name')
      .on('fleet_strategy_steps')
      .columns(['strategy_uuid', 'subcloud_name'])
      .execute();

    await autoId(db.schema.createTable('sw_update_options'), dialect)
      .addColumn('subcloud_id', 'integer', (c) => c.unique().references('subclouds.id').onDelete('cascade'))
      .addColumn('storage_apply_type', 'text', (c) => c.notNull())
      .addColumn('worker_apply_type', 'text', (c) => c.notNull())
      .addColumn('max_parallel_workers', 'integer', (c) => c.notNull())
      .addColumn('alarm_restriction_type', 'text', (c) => c.notNull())
      .addColumn('default_instance_action', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();
  },
};
