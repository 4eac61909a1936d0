import { notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { HostInventoryReport } from '@murmuration/core/contract/agents';
import {
  INVENTORY_KINDS, reportedInventory, type CpuFunction, type HostRecord, type InventoryKind,
} from '@murmuration/core/inventory';
import type { InventoryItem, InventoryRepos, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import type { HostService } from './host-service.js';

/** What hosts' agents report about their hardware, and the sysinv sub-collections that show it. */
export interface HostInventoryService {
  /**
   * Records a report from the host's agent; the host's inventory is complete from then on. Returns whether anything
   * changed.
   */
  ingest(ctx: RequestContext, hostUuid: string, report: HostInventoryReport): Promise<boolean>;
  /** A host's items of one kind, by host uuid, id or hostname. */
  list<K extends InventoryKind>(hostRef: string, kind: K): Promise<{ host: HostRecord; items: InventoryItem<K>[] }>;
  /** One item of the given kind by uuid. */
  get<K extends InventoryKind>(uuid: string, kind: K): Promise<{ host: HostRecord; item: InventoryItem<K> }>;
}

const SINGULAR: Readonly<Record<InventoryKind, string>> = {
  inodes: 'node',
  icpus: 'cpu',
  imemorys: 'memory',
  idisks: 'disk',
  ports: 'port',
  iinterfaces: 'interface',
};

export function createHostInventoryService(deps: {
  store: Store<InventoryRepos>;
  audit: AuditService;
  hosts: HostService;
  clock: Clock;
}): HostInventoryService {
  const { store, audit, hosts, clock } = deps;
  return {
    async ingest(ctx, hostUuid, report) {
      return audit.change(
        ctx,
        (changed: boolean) => ({
          target: `ihost:${hostUuid}`,
          detail: `inventory ${changed ? 'reported' : 'unchanged'}: ${report.cpus.length} cpus, ${report.numaNodes.length} nodes, ${report.disks.length} disks, ${report.nics.length} ports`,
        }),
        async (repos) => {
          const stored = await repos.hosts.find(hostUuid);
          if (!stored) throw notFound(`host not found: ${hostUuid}`, { host: hostUuid });
          const known = new Map<number, CpuFunction>((await repos.inventory.list(hostUuid, 'icpus')).map((c) => [c.data.cpu, c.data.allocatedFunction]));
          const items = reportedInventory(report, stored.host.personality, known);
          const now = clock.now();
          let changed = false;
          for (const kind of INVENTORY_KINDS) {
            if (await repos.inventory.replace(hostUuid, kind, items[kind] as never, now, randomUUID)) changed = true;
          }
          if (changed || stored.host.invState !== 'inventoried' || stored.host.uptime !== report.uptimeSeconds) {
            await repos.hosts.setInventoried(hostUuid, report.uptimeSeconds, now);
          }
          return changed;
        },
      );
    },

    async list(hostRef, kind) {
      const { host } = await hosts.get(hostRef);
      return { host, items: await store.repos.inventory.list(host.uuid, kind) };
    },

    async get(uuid, kind) {
      const item = await store.repos.inventory.find(uuid);
      if (!item || item.kind !== kind) throw notFound(`${SINGULAR[kind]} not found: ${uuid}`, { uuid });
      const { host } = await hosts.get(item.hostUuid);
      return { host, item: item as InventoryItem<typeof kind> };
    },
  };
}
