import { DcMembershipObject } from '@murmuration/core/contract/dc-agent';
import { serviceAccountName } from '@murmuration/core/dc';
import type { SubcloudMembership } from '../../services/dc-agent/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['dcagent'];
const config = { access: 'admin' } as const;

function membershipView(m: Awaited<ReturnType<SubcloudMembership['show']>>): DcMembershipObject {
  return {
    subcloud_name: m.subcloudName,
    system_controller_region: m.systemControllerRegion,
    system_controller_url: m.systemControllerUrl,
    system_controller_version: m.systemControllerVersion,
    service_account: serviceAccountName(m.systemControllerRegion),
    joined_at: new Date(m.joinedAt).toISOString(),
  };
}

/**
 * `GET /v1/membership`: the system controller that adopted this controller; `DELETE`: leave it (its account
 * here deleted). Admin only: this controller's own admins, and the system controller's account when it deletes
 * the subcloud.
 */
export function membershipRoutes(app: Api, membership: SubcloudMembership): void {
  app.get(
    '/v1/membership',
    { config, schema: { tags, summary: 'The system controller that adopted this controller', response: { 200: DcMembershipObject } } },
    async () => membershipView(await membership.show()),
  );

  app.delete(
    '/v1/membership',
    {
      config: { ...config, status: 204 },
      schema: { tags, summary: 'Leave the system controller: its account here is deleted with its tokens', response: NoContent },
    },
    async (request, reply) => {
      await membership.leave(request.ctx);
      return reply.code(204).send();
    },
  );
}
