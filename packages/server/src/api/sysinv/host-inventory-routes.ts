import { UuidParam } from '@murmuration/core/contract/common';
import {
  CpuCollection, CpuObject, DiskCollection, DiskObject, EthernetPortCollection, EthernetPortObject, HostRefParam,
  InterfaceCollection, InterfaceObject, MemoryCollection, MemoryObject, NodeCollection, NodeObject, PortCollection,
  PortObject,
} from '@murmuration/core/contract/inventory';
import type { InventoryKind } from '@murmuration/core/inventory';
import type { TSchema } from 'typebox';
import type { HostInventoryService, InventoryItem } from '../../services/inventory/index.js';
import { hostUrl, type Api } from '../api-types.js';
import {
  cpuView,
  diskView,
  ethernetPortView,
  interfaceView,
  memoryView,
  nodeView,
  portView,
  type InventoryViewContext,
} from './host-inventory-view.js';

const tags = ['sysinv'];

/** One sysinv sub-collection: its URL name, the kind of item it shows, its schemas and its view. */
interface Collection<K extends InventoryKind> {
  readonly name: string;
  readonly kind: K;
  readonly what: string;
  readonly collection: TSchema;
  readonly object: TSchema;
  readonly view: (item: InventoryItem<K>, ctx: InventoryViewContext) => unknown;
}

const COLLECTIONS = [
  { name: 'inodes', kind: 'inodes', what: 'NUMA nodes', collection: NodeCollection, object: NodeObject, view: nodeView },
  { name: 'icpus', kind: 'icpus', what: 'logical CPUs', collection: CpuCollection, object: CpuObject, view: cpuView },
  { name: 'imemorys', kind: 'imemorys', what: 'memory per NUMA node', collection: MemoryCollection, object: MemoryObject, view: memoryView },
  { name: 'idisks', kind: 'idisks', what: 'disks', collection: DiskCollection, object: DiskObject, view: diskView },
  { name: 'ports', kind: 'ports', what: 'ports', collection: PortCollection, object: PortObject, view: (item, ctx) => portView(item, ctx) },
  { name: 'ethernet_ports', kind: 'ports', what: 'ethernet ports', collection: EthernetPortCollection, object: EthernetPortObject, view: ethernetPortView },
  { name: 'iinterfaces', kind: 'iinterfaces', what: 'interfaces', collection: InterfaceCollection, object: InterfaceObject, view: interfaceView },
] as const satisfies ReadonlyArray<Collection<'inodes'> | Collection<'icpus'> | Collection<'imemorys'> | Collection<'idisks'> | Collection<'ports'> | Collection<'iinterfaces'>>;

/**
 * What hosts' agents reported, as sysinv shows it: `/ihosts/{host}/{inodes,icpus,imemorys,
 * idisks,ports,ethernet_ports,iinterfaces}` (the host by uuid, id or hostname) and each item by uuid.
 */
export function hostInventoryRoutes(app: Api, deps: { inventory: HostInventoryService }): void {
  const { inventory } = deps;

  async function context(hostRef: string, base: string): Promise<InventoryViewContext> {
    const nodes = await inventory.list(hostRef, 'inodes');
    const interfaces = await inventory.list(nodes.host.uuid, 'iinterfaces');
    return {
      host: nodes.host,
      base,
      nodes: new Map(nodes.items.map((n) => [n.data.numaNode, n])),
      interfaces: new Map(interfaces.items.map((i) => [i.data.port, i.uuid])),
    };
  }

  for (const c of COLLECTIONS) {
    const view = c.view as (item: InventoryItem, ctx: InventoryViewContext) => unknown;
    app.get(
      `/v1/ihosts/:host/${c.name}`,
      { schema: { tags, summary: `List a host's ${c.what} as its agent reported them`, params: HostRefParam, response: { 200: c.collection } } },
      async (request) => {
        const ctx = await context(request.params.host, hostUrl(request));
        const { items } = await inventory.list(ctx.host.uuid, c.kind);
        return { [c.name]: items.map((item) => view(item, ctx)) } as never;
      },
    );
    app.get(
      `/v1/${c.name}/:uuid`,
      { schema: { tags, summary: `Show one of a host's ${c.what}`, params: UuidParam, response: { 200: c.object } } },
      async (request) => {
        const { host, item } = await inventory.get(request.params.uuid, c.kind);
        return view(item, await context(host.uuid, hostUrl(request))) as never;
      },
    );
  }

  app.get(
    '/v1/iinterfaces/:uuid/ports',
    { schema: { tags, summary: 'The ports an interface sits on', params: UuidParam, response: { 200: PortCollection } } },
    async (request) => {
      const { host, item } = await inventory.get(request.params.uuid, 'iinterfaces');
      const ctx = await context(host.uuid, hostUrl(request));
      const ports = (await inventory.list(host.uuid, 'ports')).items.filter((p) => p.data.name === item.data.port);
      return { ports: ports.map((p) => portView(p, ctx)) };
    },
  );
}
