import type { NetworkType, PoolOrder } from '@murmuration/core/network';
import type { Generated } from 'kysely';

/** The network service's tables: address pools, the addresses handed out from them, and the platform networks. */
export interface NetworkTables {
  address_pools: AddressPoolTable;
  pool_addresses: PoolAddressTable;
  networks: NetworkTable;
}

export interface AddressPoolTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  family: number;
  network: string;
  prefix: number;
  pool_order: PoolOrder;
  /** JSON list of [first, last] address pairs. */
  ranges: string;
  floating_address: string | null;
  controller0_address: string | null;
  controller1_address: string | null;
  gateway_address: string | null;
  created_at: number;
  updated_at: number | null;
}

export interface PoolAddressTable {
  uuid: string;
  pool_uuid: string;
  address: string;
  name: string | null;
  host_uuid: string | null;
  created_at: number;
}

export interface NetworkTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: NetworkType;
  dynamic: number;
  pool_uuid: string;
  created_at: number;
}
