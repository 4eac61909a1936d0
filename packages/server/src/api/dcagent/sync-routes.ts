import { DcSyncAnswer, IdentitySyncInput, PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import { SYNC_BODY_MAX_BYTES } from '@murmuration/core/dc';
import type { SubcloudSync } from '../../services/dc-agent/index.js';
import type { Api } from '../api-types.js';

const tags = ['dcagent'];
const config = { access: 'admin' } as const;

/**
 * `PUT /v1/sync/{identity|platform}`: a system controller pushes the whole desired state of one
 * synced endpoint type; the answer is this controller's digest of it once applied. Admin only
 * (the system controller calls with its account); idempotent.
 */
export function syncRoutes(app: Api, sync: SubcloudSync): void {
  app.put(
    '/v1/sync/identity',
    {
      config,
      bodyLimit: SYNC_BODY_MAX_BYTES,
      schema: {
        tags,
        summary: 'Make users, projects, roles and role assignments (by name) those given; local accounts are never touched',
        body: IdentitySyncInput,
        response: { 200: DcSyncAnswer },
      },
    },
    async (request) => sync.identity(request.ctx, request.body),
  );

  app.put(
    '/v1/sync/platform',
    {
      config,
      bodyLimit: SYNC_BODY_MAX_BYTES,
      schema: {
        tags,
        summary: 'Make event suppression, the silences not yet ended and the receivers those given',
        body: PlatformSyncInput,
        response: { 200: DcSyncAnswer },
      },
    },
    async (request) => sync.platform(request.ctx, request.body),
  );
}
