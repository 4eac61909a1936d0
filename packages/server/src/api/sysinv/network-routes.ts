import { sysinvTime } from '@murmuration/core/common';
import { UuidParam } from '@murmuration/core/contract/common';
import {
  type AddressPoolObject, type NetworkObject, type PoolAddressObject, AddressAllocateBody, AddressPoolCollection,
  AddressPoolCreateBody, AddressPoolObject as PoolSchema, AddressPoolPatchBody, NetworkCollection, NetworkCreateBody,
  NetworkObject as NetworkSchema, PoolAddressCollection, PoolAddressObject as AddressSchema,
} from '@murmuration/core/contract/network';
import type { AddressPoolRecord, AllocatedAddress, NetworkRecord } from '@murmuration/core/network';
import Type from 'typebox';
import type { NetworkService } from '../../services/network/index.js';
import { hostUrl, NoContent, type Api } from '../api-types.js';

const tags = ['sysinv'];

function poolView(pool: AddressPoolRecord, base: string): AddressPoolObject {
  return {
    id: pool.id,
    uuid: pool.uuid,
    name: pool.name,
    network: pool.network,
    prefix: pool.prefix,
    family: pool.family,
    order: pool.order,
    ranges: pool.ranges.map(([start, end]) => [start, end]),
    ...pool.roles,
    floating_address_id: null,
    controller0_address_id: null,
    controller1_address_id: null,
    gateway_address_id: null,
    links: [
      { href: `${base}/sysinv/v1/addrpools/${pool.uuid}`, rel: 'self' },
      { href: `${base}/sysinv/addrpools/${pool.uuid}`, rel: 'bookmark' },
    ],
  };
}

function networkView(network: NetworkRecord): NetworkObject {
  return {
    id: network.id,
    uuid: network.uuid,
    type: network.type,
    name: network.name,
    dynamic: network.dynamic,
    pool_uuid: network.poolUuid,
    primary_pool_family: network.primaryPoolFamily,
  };
}

function addressView(address: AllocatedAddress, prefix: number): PoolAddressObject {
  return {
    uuid: address.uuid,
    address: address.address,
    prefix,
    pool_uuid: address.poolUuid,
    name: address.name,
    host_uuid: address.hostUuid,
    created_at: sysinvTime(address.createdAt),
  };
}

const PoolAddressParam = Type.Object({ uuid: UuidParam.properties.uuid, address: UuidParam.properties.uuid });

/** sysinv `addrpools` and `networks`, and the addresses a pool hands out. */
export function networkRoutes(app: Api, deps: { networks: NetworkService }): void {
  const { networks } = deps;

  app.get('/v1/addrpools', { schema: { tags, summary: 'List address pools', response: { 200: AddressPoolCollection } } }, async (request) => ({
    addrpools: (await networks.listPools()).map((p) => poolView(p, hostUrl(request))),
  }));

  app.get('/v1/addrpools/:uuid', { schema: { tags, summary: 'Show an address pool', params: UuidParam, response: { 200: PoolSchema } } }, async (request) =>
    poolView(await networks.getPool(request.params.uuid), hostUrl(request)),
  );

  app.post(
    '/v1/addrpools',
    {
      schema: {
        tags,
        summary: 'Add an address pool: a subnet (IPv4 or IPv6), the ranges it hands out (the whole subnet by default) and its special addresses',
        body: AddressPoolCreateBody,
        response: { 200: PoolSchema },
      },
    },
    async (request) => poolView(await networks.addPool(request.ctx, request.body), hostUrl(request)),
  );

  app.patch(
    '/v1/addrpools/:uuid',
    {
      schema: {
        tags,
        summary:
          "Change an address pool's name, subnet, order, ranges or special addresses (floating, controller-0, controller-1, gateway; none clears one); only the *_id fields are read-only",
        params: UuidParam,
        body: AddressPoolPatchBody,
        response: { 200: PoolSchema },
      },
    },
    async (request) =>
      poolView(await networks.patchPool(request.ctx, request.params.uuid, request.body), hostUrl(request)),
  );

  app.delete(
    '/v1/addrpools/:uuid',
    { config: { status: 204 }, schema: { tags, summary: 'Delete an address pool no network uses and no address is handed out from', params: UuidParam, response: NoContent } },
    async (request, reply) => {
      await networks.removePool(request.ctx, request.params.uuid);
      return reply.code(204).send();
    },
  );

  app.get(
    '/v1/addrpools/:uuid/addresses',
    { schema: { tags, summary: 'The addresses an address pool has handed out', params: UuidParam, response: { 200: PoolAddressCollection } } },
    async (request) => {
      const pool = await networks.getPool(request.params.uuid);
      return { addresses: (await networks.addresses(pool.uuid)).map((a) => addressView(a, pool.prefix)) };
    },
  );

  app.post(
    '/v1/addrpools/:uuid/addresses',
    {
      schema: {
        tags,
        summary: 'Hand out an address: a given one of the ranges, or the next free one; never one already handed out',
        params: UuidParam,
        body: AddressAllocateBody,
        response: { 200: AddressSchema },
      },
    },
    async (request) => {
      const address = await networks.allocate(request.ctx, request.params.uuid, {
        address: request.body.address,
        name: request.body.name,
        hostUuid: request.body.host_uuid,
      });
      return addressView(address, (await networks.getPool(request.params.uuid)).prefix);
    },
  );

  app.delete(
    '/v1/addrpools/:uuid/addresses/:address',
    { config: { status: 204 }, schema: { tags, summary: 'Give an address back to its pool', params: PoolAddressParam, response: NoContent } },
    async (request, reply) => {
      await networks.release(request.ctx, request.params.uuid, request.params.address);
      return reply.code(204).send();
    },
  );

  app.get('/v1/networks', { schema: { tags, summary: 'List platform networks', response: { 200: NetworkCollection } } }, async () => ({
    networks: (await networks.listNetworks()).map(networkView),
  }));

  app.get('/v1/networks/:uuid', { schema: { tags, summary: 'Show a platform network', params: UuidParam, response: { 200: NetworkSchema } } }, async (request) =>
    networkView(await networks.getNetwork(request.params.uuid)),
  );

  app.post(
    '/v1/networks',
    { schema: { tags, summary: 'Add a platform network (one per type) on an address pool', body: NetworkCreateBody, response: { 200: NetworkSchema } } },
    async (request) => networkView(await networks.addNetwork(request.ctx, request.body)),
  );

  app.delete(
    '/v1/networks/:uuid',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a platform network', params: UuidParam, response: NoContent } },
    async (request, reply) => {
      await networks.removeNetwork(request.ctx, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
