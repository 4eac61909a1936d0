import { invalid } from '@murmuration/core/common';
import { UuidParam } from '@murmuration/core/contract/common';
import {
  CollectionQuery, PatchBody, SystemCollection, SystemObject, SysinvRoot,
} from '@murmuration/core/contract/inventory';
import type { SystemService } from '../../services/inventory/index.js';
import { hostUrl, type Api } from '../api-types.js';
import { nextLink, paginate } from '../paginate.js';
import { systemView } from './system-view.js';

const tags = ['sysinv'];

/** sysinv's version documents and the `isystems` resource. */
export function systemRoutes(app: Api, deps: { systems: SystemService }): void {
  const { systems } = deps;

  const root = (host: string) => {
    const links = [{ href: `${host}/sysinv/v1/`, rel: 'self' }];
    return {
      name: 'Murmuration SysInv API',
      description: 'Inventory of the system and its hosts, compatible with the StarlingX sysinv v1 API.',
      default_version: { id: 'v1', links },
      versions: [{ id: 'v1', links }],
    };
  };
  app.get('/', { config: { access: 'public' }, schema: { tags, summary: 'sysinv API versions', response: { 200: SysinvRoot } } }, async (request) =>
    root(hostUrl(request)),
  );

  app.get(
    '/v1/isystems',
    { schema: { tags, summary: 'List systems (there is one)', querystring: CollectionQuery, response: { 200: SystemCollection } } },
    async (request) => {
      if (request.query.sort_key !== undefined && !['id', 'uuid', 'name', 'created_at'].includes(request.query.sort_key)) {
        throw invalid(`sort_key ${request.query.sort_key} is not sortable; use id, uuid, name or created_at`, { field: 'sort_key' });
      }
      const host = hostUrl(request);
      const page = paginate(await systems.list(), request.query, {
        markerOf: (s) => s.uuid,
        unknownMarker: (marker) => invalid(`marker ${marker} is not a system uuid`, { field: 'marker' }),
        nextLink: (limit, marker) => nextLink(`${host}/sysinv/v1/isystems`, { limit, marker }),
      });
      return { isystems: page.items.map((s) => systemView(s, host)), ...page.link };
    },
  );

  app.get('/v1/isystems/:uuid', { schema: { tags, summary: 'Show the system', params: UuidParam, response: { 200: SystemObject } } }, async (request) =>
    systemView(await systems.get(request.params.uuid), hostUrl(request)),
  );

  app.patch(
    '/v1/isystems/:uuid',
    {
      schema: {
        tags,
        summary: 'Modify the system: name, description, contact, location, latitude, longitude, timezone',
        params: UuidParam,
        body: PatchBody,
        response: { 200: SystemObject },
      },
    },
    async (request) =>
      systemView(await systems.patch(request.ctx, request.params.uuid, request.body), hostUrl(request)),
  );
}
