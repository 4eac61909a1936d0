import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Host agents: one-time bootstrap tokens, the credential each joined host holds, and the
 * inventory items its agent reports (NUMA nodes, CPUs, memory, disks, ports, interfaces).
 */
export const hostAgents: Migration = {
  version: 4,
  name: 'host-agents',
  creates: ['host_bootstrap_tokens', 'host_credentials', 'host_inventory_items'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('host_bootstrap_tokens')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      // Only a hash of the token is kept; the token itself is shown once, when it is created.
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by_host', 'text')
      .execute();

    await db.schema
      .createTable('host_credentials')
      .addColumn('host_uuid', 'text', (c) => c.primaryKey().references('hosts.uuid').onDelete('cascade'))
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    // One row per reported item; `item_key` is what identifies the item on its host (CPU
    // number, device name), so that an item keeps its uuid across reports.
    await db.schema
      .createTable('host_inventory_items')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('host_uuid', 'text', (c) => c.notNull().references('hosts.uuid').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .addUniqueConstraint('host_inventory_items_natural_key', ['host_uuid', 'kind', 'item_key'])
      .execute();
  },
};
