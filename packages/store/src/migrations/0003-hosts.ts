import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { autoId } from './auto-id.js';
import type { Migration } from './migration.js';

/** Managed hosts (sysinv `ihosts`): identity, lifecycle state and configuration generations. */
export const hosts: Migration = {
  version: 3,
  name: 'hosts',
  creates: ['hosts'],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    // sysinv exposes an integer id beside the uuid (`host-list` prints it).
    await autoId(db.schema.createTable('hosts'), dialect)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('hostname', 'text', (c) => c.notNull().unique())
      .addColumn('personality', 'text', (c) => c.notNull())
      .addColumn('subfunctions', 'text', (c) => c.notNull())
      .addColumn('administrative', 'text', (c) => c.notNull())
      .addColumn('operational', 'text', (c) => c.notNull())
      .addColumn('availability', 'text', (c) => c.notNull())
      .addColumn('task', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('mgmt_mac', 'text', (c) => c.unique())
      .addColumn('mgmt_ip', 'text')
      .addColumn('serial_id', 'text')
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('inv_state', 'text', (c) => c.notNull())
      .addColumn('clock_synchronization', 'text', (c) => c.notNull())
      .addColumn('boot_device', 'text', (c) => c.notNull())
      .addColumn('rootfs_device', 'text', (c) => c.notNull())
      .addColumn('console', 'text', (c) => c.notNull())
      .addColumn('install_output', 'text', (c) => c.notNull())
      .addColumn('uptime', 'bigint', (c) => c.notNull())
      .addColumn('config_target', 'bigint', (c) => c.notNull())
      .addColumn('config_applied', 'bigint', (c) => c.notNull())
      // At most one row holds 1: the controller that runs the platform.
      .addColumn('active_controller', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();
  },
};
