import { invalid } from '@murmuration/core/common';
import {
  type HostObject, HostAddBody, HostCollection, HostListQuery, HostObject as HostSchema, HostRefParam, PatchBody,
} from '@murmuration/core/contract/inventory';
import type { HostEntry, HostService, SystemService } from '../../services/inventory/index.js';
import { hostUrl, NoContent, type Api } from '../api-types.js';
import { nextLink, paginate, sortKeyOf } from '../paginate.js';
import { hostView } from './host-view.js';

const tags = ['sysinv'];
const SORT_KEYS = ['id', 'hostname', 'personality', 'created_at'] as const;

function sortValue(stored: HostEntry, key: (typeof SORT_KEYS)[number]): string | number {
  const h = stored.host;
  return key === 'id' ? h.id : key === 'created_at' ? h.createdAt : h[key];
}

/** sysinv `ihosts`: list, show, add, patch (fields and lifecycle actions), delete. */
export function hostRoutes(app: Api, deps: { hosts: HostService; systems: SystemService }): void {
  const { hosts, systems } = deps;

  async function view(stored: HostEntry, base: string, detail: boolean): Promise<HostObject> {
    const system = (await systems.list())[0];
    return hostView(stored.host, { active: stored.activeController, system, host: base, detail });
  }

  app.get(
    '/v1/ihosts',
    { schema: { tags, summary: 'List hosts (the minimum field set), optionally of one personality', querystring: HostListQuery, response: { 200: HostCollection } } },
    async (request) => {
      const { personality, sort_key: sortKey = 'id', sort_dir: sortDir = 'asc' } = request.query;
      const key = sortKeyOf(sortKey, SORT_KEYS);
      const base = hostUrl(request);
      const page = paginate(
        (await hosts.list()).filter((h) => personality === undefined || h.host.personality === personality),
        request.query,
        {
          compare: (a, b) => {
            const x = sortValue(a, key);
            const y = sortValue(b, key);
            return x < y ? -1 : x > y ? 1 : a.host.id - b.host.id;
          },
          markerOf: (h) => h.host.uuid,
          unknownMarker: (marker) => invalid(`marker ${marker} is not a host uuid`, { field: 'marker' }),
          nextLink: (limit, marker) => nextLink(`${base}/sysinv/v1/ihosts`, { limit, sort_key: key, sort_dir: sortDir, marker }),
        },
      );
      return { ihosts: await Promise.all(page.items.map((h) => view(h, base, false))), ...page.link };
    },
  );

  app.get(
    '/v1/ihosts/:host',
    { schema: { tags, summary: 'Show a host by uuid, id or hostname', params: HostRefParam, response: { 200: HostSchema } } },
    async (request) => view(await hosts.get(request.params.host), hostUrl(request), true),
  );

  app.post(
    '/v1/ihosts',
    { schema: { tags, summary: 'Add a host; it starts locked, disabled and offline until its agent reports', body: HostAddBody, response: { 200: HostSchema } } },
    async (request) => view(await hosts.add(request.ctx, request.body), hostUrl(request), true),
  );

  app.patch(
    '/v1/ihosts/:host',
    {
      schema: {
        tags,
        summary: 'Change a host (hostname, location, mgmt_mac, serialid, clock_synchronization) or run an action: lock, force-lock, unlock, force-unlock, reboot, swact, force-swact, delete',
        params: HostRefParam,
        body: PatchBody,
        response: { 200: HostSchema, ...NoContent },
      },
    },
    async (request, reply) => {
      const stored = await hosts.patch(request.ctx, request.params.host, request.body);
      if (stored === null) return reply.code(204).send(undefined);
      return view(stored, hostUrl(request), true);
    },
  );

  app.delete(
    '/v1/ihosts/:host',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a locked host (its alarms are cleared)', params: HostRefParam, response: NoContent } },
    async (request, reply) => {
      await hosts.remove(request.ctx, request.params.host);
      return reply.code(204).send();
    },
  );
}
