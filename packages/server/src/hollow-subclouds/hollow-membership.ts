import { notFound } from '@murmuration/core/common';
import type { DcMembershipObject } from '@murmuration/core/contract/dc-agent';
import { serviceAccountName } from '@murmuration/core/dc';
import { sendEmpty, sendJson } from './hollow-answers.js';
import type { HollowRoute } from './hollow-route.js';
import type { HollowMembership } from './hollow-subcloud.js';

const held = (membership: HollowMembership | null): HollowMembership => {
  if (membership === null) {
    throw notFound('This controller is not a subcloud: no system controller adopted it.', { rule: 'not_adopted' });
  }
  return membership;
};

/** `GET /dcagent/v1/membership` on a hollow subcloud: the system controller that adopted it. */
export const showMembership: HollowRoute = async (_fleet, subcloud, req, res) => {
  const m = held(subcloud.membership);
  const body: DcMembershipObject = {
    subcloud_name: m.name, system_controller_region: m.region, system_controller_url: m.url,
    system_controller_version: m.version, service_account: serviceAccountName(m.region),
    joined_at: new Date(m.joinedAt).toISOString(),
  };
  sendJson(req, res, 200, JSON.stringify(body));
};

/** `DELETE /dcagent/v1/membership`: leaves the system controller, its account and tokens gone, as a real one. */
export const leaveMembership: HollowRoute = async (_fleet, subcloud, req, res) => {
  held(subcloud.membership);
  subcloud.membership = null;
  subcloud.account = null;
  subcloud.tokens = [];
  sendEmpty(req, res, 204);
};
