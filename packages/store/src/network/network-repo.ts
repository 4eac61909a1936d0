import type { AddressPoolRecord, AllocatedAddress, NetworkRecord, NewAddressPool } from '@murmuration/core/network';
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { AddressPoolTable, NetworkTable, PoolAddressTable } from './network-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

function toPool(row: Selectable<AddressPoolTable>): AddressPoolRecord {
  return {
    id: Number(row.id),
    uuid: row.uuid,
    name: row.name,
    family: Number(row.family) === 6 ? 6 : 4,
    network: row.network,
    prefix: Number(row.prefix),
    order: row.pool_order,
    ranges: JSON.parse(row.ranges) as Array<[string, string]>,
    roles: {
      floating_address: row.floating_address,
      controller0_address: row.controller0_address,
      controller1_address: row.controller1_address,
      gateway_address: row.gateway_address,
    },
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

function toAddress(row: Selectable<PoolAddressTable>): AllocatedAddress {
  return {
    uuid: row.uuid,
    poolUuid: row.pool_uuid,
    address: row.address,
    name: row.name,
    hostUuid: row.host_uuid,
    createdAt: Number(row.created_at),
  };
}

function toNetwork(row: Selectable<NetworkTable> & { family: number }): NetworkRecord {
  return {
    id: Number(row.id),
    uuid: row.uuid,
    name: row.name,
    type: row.type,
    dynamic: fromFlag(row.dynamic),
    poolUuid: row.pool_uuid,
    primaryPoolFamily: Number(row.family) === 6 ? 'IPv6' : 'IPv4',
    createdAt: Number(row.created_at),
  };
}

/** Address pools, the addresses handed out from them, and the platform networks that use them. */
export interface NetworkRepo {
  listPools(): Promise<AddressPoolRecord[]>;
  findPool(uuid: string): Promise<AddressPoolRecord | null>;
  findPoolByName(name: string): Promise<AddressPoolRecord | null>;
  insertPool(uuid: string, pool: NewAddressPool, at: number): Promise<AddressPoolRecord>;
  updatePool(uuid: string, changes: Partial<Pick<AddressPoolRecord, 'name' | 'network' | 'prefix' | 'order' | 'ranges' | 'roles'>>, at: number): Promise<void>;
  removePool(uuid: string): Promise<boolean>;
  /**
   * Holds the pool until the transaction ends, so that concurrent allocations from it take
   * turns (PostgreSQL; SQLite runs one writer at a time already).
   */
  lockPool(uuid: string): Promise<void>;
  addresses(poolUuid: string): Promise<AllocatedAddress[]>;
  findAddress(uuid: string): Promise<AllocatedAddress | null>;
  insertAddress(address: AllocatedAddress): Promise<void>;
  removeAddress(uuid: string): Promise<boolean>;
  listNetworks(): Promise<NetworkRecord[]>;
  findNetwork(uuid: string): Promise<NetworkRecord | null>;
  insertNetwork(network: Omit<NetworkRecord, 'id' | 'primaryPoolFamily'>): Promise<void>;
  removeNetwork(uuid: string): Promise<boolean>;
}

export function networkRepo(db: Executor, dialect: DialectName): NetworkRepo {
  const networks = () =>
    db.selectFrom('networks').innerJoin('address_pools', 'address_pools.uuid', 'networks.pool_uuid').selectAll('networks').select('address_pools.family as family');
  return {
    async listPools() {
      return (await db.selectFrom('address_pools').selectAll().orderBy('id').execute()).map(toPool);
    },
    async findPool(uuid) {
      const row = await db.selectFrom('address_pools').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toPool(row) : null;
    },
    async findPoolByName(name) {
      const row = await db.selectFrom('address_pools').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toPool(row) : null;
    },
    async insertPool(uuid, pool, at) {
      const row = await db
        .insertInto('address_pools')
        .values({
          uuid,
          name: pool.name,
          family: pool.family,
          network: pool.network,
          prefix: pool.prefix,
          pool_order: pool.order,
          ranges: JSON.stringify(pool.ranges),
          floating_address: pool.roles.floating_address,
          controller0_address: pool.roles.controller0_address,
          controller1_address: pool.roles.controller1_address,
          gateway_address: pool.roles.gateway_address,
          created_at: at,
          updated_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPool(row);
    },
    async updatePool(uuid, changes, at) {
      await db
        .updateTable('address_pools')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.network !== undefined ? { network: changes.network } : {}),
          ...(changes.prefix !== undefined ? { prefix: changes.prefix } : {}),
          ...(changes.order !== undefined ? { pool_order: changes.order } : {}),
          ...(changes.ranges !== undefined ? { ranges: JSON.stringify(changes.ranges) } : {}),
          ...(changes.roles !== undefined ? { ...changes.roles } : {}),
          updated_at: at,
        })
        .where('uuid', '=', uuid)
        .execute();
    },
    async removePool(uuid) {
      return Number((await db.deleteFrom('address_pools').where('uuid', '=', uuid).executeTakeFirst()).numDeletedRows) > 0;
    },
    async lockPool(uuid) {
      if (dialect === 'postgres') await sql`select uuid from address_pools where uuid = ${uuid} for update`.execute(db);
    },
    async addresses(poolUuid) {
      return (await db.selectFrom('pool_addresses').selectAll().where('pool_uuid', '=', poolUuid).orderBy('created_at').orderBy('uuid').execute()).map(toAddress);
    },
    async findAddress(uuid) {
      const row = await db.selectFrom('pool_addresses').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toAddress(row) : null;
    },
    async insertAddress(address) {
      await db
        .insertInto('pool_addresses')
        .values({
          uuid: address.uuid,
          pool_uuid: address.poolUuid,
          address: address.address,
          name: address.name,
          host_uuid: address.hostUuid,
          created_at: address.createdAt,
        })
        .execute();
    },
    async removeAddress(uuid) {
      return Number((await db.deleteFrom('pool_addresses').where('uuid', '=', uuid).executeTakeFirst()).numDeletedRows) > 0;
    },
    async listNetworks() {
      return (await networks().orderBy('networks.id').execute()).map(toNetwork);
    },
    async findNetwork(uuid) {
      const row = await networks().where('networks.uuid', '=', uuid).executeTakeFirst();
      return row ? toNetwork(row) : null;
    },
    async insertNetwork(network) {
      await db
        .insertInto('networks')
        .values({
          uuid: network.uuid,
          name: network.name,
          type: network.type,
          dynamic: toFlag(network.dynamic),
          pool_uuid: network.poolUuid,
          created_at: network.createdAt,
        })
        .execute();
    },
    async removeNetwork(uuid) {
      return Number((await db.deleteFrom('networks').where('uuid', '=', uuid).executeTakeFirst()).numDeletedRows) > 0;
    },
  };
}
