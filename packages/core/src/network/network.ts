import { invalid } from '../errors/app-error.js';

/** sysinv's network types (`constants.NETWORK_TYPE_*`). */
export const NETWORK_TYPES = [
  'mgmt',
  'admin',
  'oam',
  'bm',
  'multicast',
  'system-controller',
  'system-controller-oam',
  'cluster-host',
  'cluster-pod',
  'cluster-service',
  'pxeboot',
  'ironic',
  'storage',
] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** A platform network (sysinv `network`): its type and the pool its addresses come from. */
export interface NetworkRecord {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly type: NetworkType;
  /** Whether hosts get their addresses from the pool dynamically (sysinv `dynamic`). */
  readonly dynamic: boolean;
  readonly poolUuid: string;
  readonly primaryPoolFamily: 'IPv4' | 'IPv6';
  readonly createdAt: number;
}

export interface NewNetworkInput {
  readonly name: string;
  readonly type: NetworkType;
  readonly dynamic: boolean;
  readonly poolUuid: string;
}

export function readNewNetwork(body: Readonly<Record<string, unknown>>): NewNetworkInput {
  const type = body['type'];
  if (typeof type !== 'string' || !(NETWORK_TYPES as readonly string[]).includes(type)) {
    throw invalid(`type must be one of ${NETWORK_TYPES.join(', ')}`, { field: 'type' });
  }
  const name = body['name'] ?? type;
  if (typeof name !== 'string' || name === '' || name.length > 255) throw invalid('name must be 1 to 255 characters', { field: 'name' });
  const dynamic = body['dynamic'] ?? true;
  const flag = typeof dynamic === 'string' ? dynamic.toLowerCase() === 'true' : dynamic;
  if (typeof flag !== 'boolean') throw invalid('dynamic must be true or false', { field: 'dynamic' });
  const pool = body['pool_uuid'];
  if (typeof pool !== 'string' || pool === '') throw invalid('pool_uuid is required: the address pool of the network', { field: 'pool_uuid' });
  return { name, type: type as NetworkType, dynamic: flag, poolUuid: pool };
}
