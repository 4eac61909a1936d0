import { AppError } from '@murmuration/core/common';
import { DcJoinAnswer, DcJoinRequest } from '@murmuration/core/contract/dc-agent';
import { findEndpoint, type CatalogEntry } from '@murmuration/core/identity';
import type { SubcloudJoin } from '../../services/dc-agent/index.js';
import type { Api } from '../api-types.js';

const tags = ['dcagent'];

/** Where the service account logs in: this controller's public identity endpoint, as its catalog lists it. */
function identityUrl(catalog: readonly CatalogEntry[]): string {
  const url = findEndpoint(catalog, 'identity', 'public', null);
  if (url === null) throw new AppError('INTERNAL', 'the catalog lists no identity endpoint');
  return url;
}

/**
 * `POST /v1/join`: a system controller adopts this controller. Public as a route: the join
 * token in the body authorises it, or else an admin's X-Auth-Token (the service checks which).
 */
export function joinRoutes(app: Api, deps: { join: SubcloudJoin; catalog: () => readonly CatalogEntry[] }): void {
  app.post(
    '/v1/join',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Join a system controller as its subcloud (join_token, or an admin X-Auth-Token); answers the service account once',
        body: DcJoinRequest,
        response: { 200: DcJoinAnswer },
      },
    },
    async (request) => deps.join(request.ctx, request.body, identityUrl(deps.catalog())),
  );
}
