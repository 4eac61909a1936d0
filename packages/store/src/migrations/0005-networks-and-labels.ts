import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { autoId } from './auto-id.js';
import type { Migration } from './migration.js';

/** Address pools, the addresses handed out from them, platform networks, and host labels. */
export const networksAndLabels: Migration = {
  version: 5,
  name: 'networks-and-labels',
  creates: ['address_pools', 'pool_addresses', 'networks', 'host_labels'],
  async up(db: Kysely<unknown>, dialect: DialectName) {
    await autoId(db.schema.createTable('address_pools'), dialect)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('family', 'integer', (c) => c.notNull())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('prefix', 'integer', (c) => c.notNull())
      .addColumn('pool_order', 'text', (c) => c.notNull())
      .addColumn('ranges', 'text', (c) => c.notNull())
      .addColumn('floating_address', 'text')
      .addColumn('controller0_address', 'text')
      .addColumn('controller1_address', 'text')
      .addColumn('gateway_address', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint')
      .execute();

    // The unique (pool, address) pair is what makes double allocation impossible, whatever races.
    await db.schema
      .createTable('pool_addresses')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('pool_uuid', 'text', (c) => c.notNull().references('address_pools.uuid').onDelete('cascade'))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('host_uuid', 'text', (c) => c.references('hosts.uuid').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('pool_addresses_once', ['pool_uuid', 'address'])
      .execute();

    await autoId(db.schema.createTable('networks'), dialect)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull().unique())
      .addColumn('dynamic', 'integer', (c) => c.notNull())
      .addColumn('pool_uuid', 'text', (c) => c.notNull().references('address_pools.uuid'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('host_labels')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('host_uuid', 'text', (c) => c.notNull().references('hosts.uuid').onDelete('cascade'))
      .addColumn('label_key', 'text', (c) => c.notNull())
      .addColumn('label_value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('host_labels_key', ['host_uuid', 'label_key'])
      .execute();
  },
};
