import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import { patchToChanges, type JsonPatchOperation, type SystemMode } from '@murmuration/core/inventory';
import {
  POOL_ORDERS, POOL_ROLES, checkPoolRoles, checkRanges, checkSubnet, formatIp, inRanges, nextFreeAddress, parseIp,
  patchedRole, poolMember, readNewNetwork, readNewPool, type AddressPoolRecord, type AllocatedAddress,
  type NetworkRecord, type NetworkType, type PoolOrder, type PoolRole,
} from '@murmuration/core/network';
import type { NetworkRepos, Repos, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';

export interface AllocationRequest {
  /** A particular address; the pool chooses when absent. */
  readonly address?: string | undefined;
  readonly name?: string | undefined;
  readonly hostUuid?: string | undefined;
}

/** Address pools and the addresses they hand out, and the platform networks (`system addrpool-*`, `network-*`). */
export interface NetworkService {
  listPools(): Promise<AddressPoolRecord[]>;
  getPool(uuid: string): Promise<AddressPoolRecord>;
  addPool(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<AddressPoolRecord>;
  patchPool(ctx: RequestContext, uuid: string, operations: readonly JsonPatchOperation[]): Promise<AddressPoolRecord>;
  removePool(ctx: RequestContext, uuid: string): Promise<void>;
  /** Hands out one address, never one already handed out (the pool is held for the transaction). */
  allocate(ctx: RequestContext, poolUuid: string, request: AllocationRequest): Promise<AllocatedAddress>;
  addresses(poolUuid: string): Promise<AllocatedAddress[]>;
  release(ctx: RequestContext, poolUuid: string, addressUuid: string): Promise<void>;
  listNetworks(): Promise<NetworkRecord[]>;
  getNetwork(uuid: string): Promise<NetworkRecord>;
  addNetwork(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<NetworkRecord>;
  removeNetwork(ctx: RequestContext, uuid: string): Promise<void>;
}

const POOL_PATCHABLE = ['name', 'network', 'prefix', 'order', 'ranges', ...POOL_ROLES] as const;
const POOL_READ_ONLY: Readonly<Record<string, string>> = {
  floating_address_id: 'floating_address_id is a read-only attribute and can not be updated',
  controller0_address_id: 'controller0_address_id is a read-only attribute and can not be updated',
  controller1_address_id: 'controller1_address_id is a read-only attribute and can not be updated',
  gateway_address_id: 'gateway_address_id is a read-only attribute and can not be updated',
  family: 'family cannot be modified: it follows from the network',
  uuid: 'uuid cannot be modified',
  id: 'id cannot be modified',
};

/** Networks whose pools must keep their controller addresses (sysinv: floating only on simplex). */
const CONTROLLER_NETWORKS: ReadonlySet<NetworkType> = new Set(['oam', 'mgmt', 'admin', 'pxeboot']);

/** The special addresses a pool serving these networks cannot do without, as sysinv requires them. */
function requiredRoles(types: readonly NetworkType[], mode: SystemMode): readonly PoolRole[] {
  if (!types.some((t) => CONTROLLER_NETWORKS.has(t))) return [];
  return mode === 'simplex' ? ['floating_address'] : ['floating_address', 'controller0_address', 'controller1_address'];
}

async function mustPool(repos: NetworkRepos, uuid: string): Promise<AddressPoolRecord> {
  const pool = await repos.networks.findPool(uuid);
  if (!pool) throw notFound(`address pool not found: ${uuid}`, { uuid });
  return pool;
}

/** The addresses of a pool that cannot be handed out: those already out, and its special ones. */
function takenOf(pool: AddressPoolRecord, allocated: readonly AllocatedAddress[]): Set<bigint> {
  const taken = new Set(allocated.map((a) => parseIp(a.address)!.value));
  for (const role of POOL_ROLES) {
    const address = pool.roles[role];
    if (address !== null) taken.add(parseIp(address)!.value);
  }
  return taken;
}

/** Refuses special addresses already handed out from the pool, and clearing one a network needs. */
async function checkRoleChanges(
  repos: Repos,
  pool: AddressPoolRecord,
  roles: Readonly<Record<PoolRole, string | null>>,
  handedOut: readonly AllocatedAddress[],
): Promise<void> {
  for (const role of POOL_ROLES) {
    const address = roles[role];
    if (address === null || address === pool.roles[role]) continue;
    const holder = handedOut.find((a) => a.address === address);
    if (holder) throw conflict(`${role} ${address} is already handed out from address pool ${pool.name}${holder.name ? ` to ${holder.name}` : ''}`, { field: role });
  }
  const types = (await repos.networks.listNetworks()).filter((n) => n.poolUuid === pool.uuid).map((n) => n.type);
  const mode = (await repos.systems.list())[0]?.systemMode ?? 'simplex';
  const cleared = requiredRoles(types, mode).filter((role) => roles[role] === null && pool.roles[role] !== null);
  if (cleared.length > 0) {
    throw invalid(`The field${cleared.length > 1 ? 's' : ''} must not be empty: ${cleared.join(', ')} (address pool ${pool.name} serves the ${types.join(', ')} network)`, { field: cleared[0]! });
  }
}

export function createNetworkService(deps: {
  store: Store<NetworkRepos>;
  audit: AuditService;
  clock: Clock;
  random?: () => number;
}): NetworkService {
  const { store, audit, clock } = deps;
  const random = deps.random ?? Math.random;

  return {
    listPools: () => store.repos.networks.listPools(),
    getPool: (uuid) => mustPool(store.repos, uuid),

    async addPool(ctx, body) {
      const pool = readNewPool(body);
      return audit.change(ctx, { target: `addrpool:${pool.name}`, detail: `${pool.network}/${pool.prefix}` }, async (repos) => {
        if (await repos.networks.findPoolByName(pool.name)) throw conflict(`an address pool named ${pool.name} already exists`, { field: 'name' });
        return repos.networks.insertPool(randomUUID(), pool, clock.now());
      });
    },

    async patchPool(ctx, uuid, operations) {
      const raw = patchToChanges(operations, POOL_PATCHABLE, POOL_READ_ONLY);
      return audit.change(ctx, { target: `addrpool:${uuid}`, detail: `changed ${Object.keys(raw).join(', ')}` }, async (repos) => {
        await repos.networks.lockPool(uuid);
        const pool = await mustPool(repos, uuid);
        const changes: {
          name?: string;
          network?: string;
          prefix?: number;
          order?: PoolOrder;
          ranges?: Array<[string, string]>;
        } = {};
        if (raw.name !== undefined) {
          if (typeof raw.name !== 'string' || raw.name === '' || raw.name.length > 255) throw invalid('name must be 1 to 255 characters', { field: 'name' });
          const holder = await repos.networks.findPoolByName(raw.name);
          if (holder && holder.uuid !== uuid) throw conflict(`an address pool named ${raw.name} already exists`, { field: 'name' });
          changes.name = raw.name;
        }
        let subnet: Pick<AddressPoolRecord, 'family' | 'network' | 'prefix'> = pool;
        if (raw.network !== undefined || raw.prefix !== undefined) {
          subnet = checkSubnet(raw.network ?? pool.network, raw.prefix ?? pool.prefix);
          if (subnet.family !== pool.family) throw invalid(`network ${subnet.network} is IPv${subnet.family}; the pool is IPv${pool.family}`, { field: 'network' });
          changes.network = subnet.network;
          changes.prefix = subnet.prefix;
        }
        if (raw.order !== undefined) {
          if (typeof raw.order !== 'string' || !(POOL_ORDERS as readonly string[]).includes(raw.order)) throw invalid(`order must be one of ${POOL_ORDERS.join(', ')}`, { field: 'order' });
          changes.order = raw.order as PoolOrder;
        }
        const handedOut = await repos.networks.addresses(uuid);
        // New ranges, or the old ones when the subnet moves: either way they must lie in the subnet.
        if (raw.ranges !== undefined || changes.network !== undefined) {
          const ranges = checkRanges(raw.ranges ?? pool.ranges, parseIp(subnet.network)!, subnet.prefix);
          const outside = handedOut.filter((a) => !inRanges({ ranges }, parseIp(a.address)!.value));
          if (outside.length > 0) throw conflict(`the new ranges leave out ${outside.length} address(es) already handed out, e.g. ${outside[0]!.address}`, { field: 'ranges' });
          changes.ranges = ranges;
        }
        // As sysinv: every special address is checked again against the new ranges, even when unchanged.
        const given = POOL_ROLES.filter((role) => raw[role] !== undefined);
        const roles = checkPoolRoles(
          { ...subnet, ranges: changes.ranges ?? pool.ranges },
          { ...pool.roles, ...Object.fromEntries(given.map((role) => [role, patchedRole(role, raw[role])])) },
        );
        if (given.length > 0) await checkRoleChanges(repos, pool, roles, handedOut);
        await repos.networks.updatePool(uuid, { ...changes, ...(given.length > 0 ? { roles } : {}) }, clock.now());
        return mustPool(repos, uuid);
      });
    },

    async removePool(ctx, uuid) {
      await audit.change(ctx, { target: `addrpool:${uuid}`, detail: 'deleted' }, async (repos) => {
        await repos.networks.lockPool(uuid);
        const pool = await mustPool(repos, uuid);
        const user = (await repos.networks.listNetworks()).find((n) => n.poolUuid === uuid);
        if (user) throw conflict(`address pool ${pool.name} is used by network ${user.name}; delete the network first`, { rule: 'pool_in_use' });
        const handedOut = await repos.networks.addresses(uuid);
        if (handedOut.length > 0) throw conflict(`address pool ${pool.name} still has ${handedOut.length} address(es) handed out`, { rule: 'pool_in_use' });
        await repos.networks.removePool(uuid);
      });
    },

    async allocate(ctx, poolUuid, request) {
      if (request.name !== undefined && request.name.length > 255) throw invalid('name must be at most 255 characters', { field: 'name' });
      return audit.change(
        ctx,
        (a: AllocatedAddress) => ({ target: `addrpool:${poolUuid}`, detail: `allocated ${a.address}${a.name ? ` to ${a.name}` : ''}` }),
        async (repos) => {
          await repos.networks.lockPool(poolUuid);
          const pool = await mustPool(repos, poolUuid);
          const taken = takenOf(pool, await repos.networks.addresses(poolUuid));
          let address: string;
          if (request.address !== undefined) {
            const value = poolMember(pool, 'address', request.address);
            if (!inRanges(pool, value)) throw invalid(`address ${request.address} is outside the ranges of address pool ${pool.name}`, { field: 'address' });
            if (taken.has(value)) throw conflict(`address ${request.address} of pool ${pool.name} is already in use`, { field: 'address' });
            address = formatIp({ family: pool.family, value });
          } else {
            const next = nextFreeAddress(pool, taken, random);
            if (next === null) throw conflict(`address pool ${pool.name} has no free address left`, { rule: 'pool_exhausted' });
            address = next;
          }
          if (request.hostUuid !== undefined && !(await repos.hosts.find(request.hostUuid))) throw notFound(`host not found: ${request.hostUuid}`, { field: 'host_uuid' });
          const allocated: AllocatedAddress = {
            uuid: randomUUID(),
            poolUuid,
            address,
            name: request.name ?? null,
            hostUuid: request.hostUuid ?? null,
            createdAt: clock.now(),
          };
          await repos.networks.insertAddress(allocated);
          return allocated;
        },
      );
    },

    async addresses(poolUuid) {
      await mustPool(store.repos, poolUuid);
      return store.repos.networks.addresses(poolUuid);
    },

    async release(ctx, poolUuid, addressUuid) {
      await audit.change(ctx, { target: `addrpool:${poolUuid}`, detail: `released ${addressUuid}` }, async (repos) => {
        const address = await repos.networks.findAddress(addressUuid);
        if (!address || address.poolUuid !== poolUuid) throw notFound(`address not found in pool ${poolUuid}: ${addressUuid}`, { uuid: addressUuid });
        await repos.networks.removeAddress(addressUuid);
      });
    },

    listNetworks: () => store.repos.networks.listNetworks(),

    async getNetwork(uuid) {
      const network = await store.repos.networks.findNetwork(uuid);
      if (!network) throw notFound(`network not found: ${uuid}`, { uuid });
      return network;
    },

    async addNetwork(ctx, body) {
      const input = readNewNetwork(body);
      return audit.change(ctx, { target: `network:${input.name}`, detail: `${input.type} on pool ${input.poolUuid}` }, async (repos) => {
        if (!(await repos.networks.findPool(input.poolUuid))) throw invalid(`pool_uuid ${input.poolUuid} is not an address pool`, { field: 'pool_uuid' });
        const existing = await repos.networks.listNetworks();
        if (existing.some((n) => n.type === input.type)) throw conflict(`a ${input.type} network already exists`, { field: 'type' });
        if (existing.some((n) => n.name === input.name)) throw conflict(`a network named ${input.name} already exists`, { field: 'name' });
        const uuid = randomUUID();
        await repos.networks.insertNetwork({ uuid, ...input, createdAt: clock.now() });
        return (await repos.networks.findNetwork(uuid))!;
      });
    },

    async removeNetwork(ctx, uuid) {
      await audit.change(ctx, { target: `network:${uuid}`, detail: 'deleted' }, async (repos) => {
        if (!(await repos.networks.removeNetwork(uuid))) throw notFound(`network not found: ${uuid}`, { uuid });
      });
    },
  };
}
