import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { HostLabelRecord, InventoryRepos, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { HostService } from './host-service.js';

/** Kubernetes' label key syntax: an optional DNS prefix, then a name of letters, digits, '-', '_' and '.'. */
const LABEL_KEY = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Host labels (`system host-label-*`): part of the host's desired configuration. */
export interface HostLabelService {
  list(hostRef: string): Promise<HostLabelRecord[]>;
  /** One label by its uuid; NOT_FOUND otherwise. */
  get(uuid: string): Promise<HostLabelRecord>;
  /**
   * Sets labels on a host; a key it has already needs `overwrite`. Returns the labels set, in the order given (as
   * sysinv answers).
   */
  assign(
    ctx: RequestContext,
    hostRef: string,
    labels: Readonly<Record<string, string>>,
    overwrite: boolean,
  ): Promise<HostLabelRecord[]>;
  remove(ctx: RequestContext, uuid: string): Promise<void>;
}

export function createHostLabelService(deps: {
  store: Store<InventoryRepos>;
  hosts: HostService;
  clock: Clock;
}): HostLabelService {
  const { store, hosts, clock } = deps;
  return {
    async list(hostRef) {
      const { host } = await hosts.get(hostRef);
      return store.repos.labels.list(host.uuid);
    },

    async get(uuid) {
      const label = await store.repos.labels.find(uuid);
      if (!label) throw notFound(`label not found: ${uuid}`, { uuid });
      return label;
    },

    async assign(ctx, hostRef, labels, overwrite) {
      const entries = Object.entries(labels);
      if (entries.length === 0) throw invalid('give at least one label: key=value', { field: 'labels' });
      for (const [key, value] of entries) {
        if (!LABEL_KEY.test(key)) throw invalid(`label key ${JSON.stringify(key)} is not valid: letters, digits, '-', '_', '.', up to 63 characters, with an optional DNS prefix and '/'`, { field: key });
        if (!LABEL_VALUE.test(value)) throw invalid(`label value ${JSON.stringify(value)} of ${key} is not valid: letters, digits, '-', '_', '.', up to 63 characters`, { field: key });
      }
      return hosts.changeConfig(ctx, hostRef, `labels ${entries.map(([k, v]) => `${k}=${v}`).join(', ')}`.slice(0, 500), async (repos, host) => {
        const existing = new Map((await repos.labels.list(host.uuid)).map((l) => [l.key, l]));
        for (const [key, value] of entries) {
          const current = existing.get(key);
          if (current && current.value !== value && !overwrite) {
            throw conflict(`${host.hostname} already has label ${key}=${current.value}; use --overwrite to change it`, { field: key });
          }
          await repos.labels.upsert({ uuid: randomUUID(), hostUuid: host.uuid, key, value, createdAt: clock.now() });
        }
        const after = new Map((await repos.labels.list(host.uuid)).map((l) => [l.key, l]));
        return entries.map(([key]) => after.get(key)!);
      });
    },

    async remove(ctx, uuid) {
      const label = await store.repos.labels.find(uuid);
      if (!label) throw notFound(`label not found: ${uuid}`, { uuid });
      await hosts.changeConfig(ctx, label.hostUuid, `label ${label.key} removed`, async (repos) => {
        if (!(await repos.labels.remove(uuid))) throw notFound(`label not found: ${uuid}`, { uuid });
      });
    },
  };
}
