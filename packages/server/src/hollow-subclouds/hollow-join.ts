import { AppError, conflict } from '@murmuration/core/common';
import type { DcJoinAnswer, DcJoinRequest } from '@murmuration/core/contract/dc-agent';
import { joiningSystemController, serviceAccountName } from '@murmuration/core/dc';
import { DEFAULT_DOMAIN } from '@murmuration/core/identity';
import type { HollowFleet } from './hollow-fleet.js';
import { seededBytes, type HollowMembership, type HollowSubcloud } from './hollow-subcloud.js';

export const HOLLOW_ACCOUNT_PROJECT = 'admin';
const SPENT_TOKEN = 'The join token was already used; create a new one on this controller.';

function alreadyAdopted(m: HollowMembership): AppError {
  return conflict(`This controller is already subcloud ${m.name} of the system controller ${m.region} at ${m.url}.`, {
    rule: 'already_adopted',
  });
}

/** Spends one of the subcloud's join tokens, or refuses as a real subcloud does (401 with the rule). */
function spendJoinToken(subcloud: HollowSubcloud, token: string): void {
  if (subcloud.spentJoinTokens.includes(token)) throw new AppError('UNAUTHENTICATED', SPENT_TOKEN, { rule: 'join_token_used' });
  const at = subcloud.joinTokens.indexOf(token);
  if (at === -1) throw new AppError('UNAUTHENTICATED', 'The join token is not valid.', { rule: 'join_token_invalid' });
  subcloud.joinTokens.splice(at, 1);
  subcloud.spentJoinTokens.push(token);
}

/**
 * `POST /dcagent/v1/join` on a hollow subcloud, with a real subcloud's rules: a join token (or its
 * account's token: the one admin a hollow subcloud has) makes an account for the system controller,
 * answered once; the same system controller joining again replaces it, another one is refused.
 */
export function hollowJoin(
  fleet: HollowFleet,
  subcloud: HollowSubcloud,
  request: DcJoinRequest,
  admin: boolean,
): DcJoinAnswer {
  const { region, url } = joiningSystemController(request);
  if (request.join_token === undefined && !admin) {
    throw new AppError('UNAUTHENTICATED', 'A join needs a join_token, or an admin X-Auth-Token of this controller.');
  }
  if (request.join_token !== undefined) spendJoinToken(subcloud, request.join_token);
  const held = subcloud.membership;
  if (held && (held.region !== region || held.url !== url)) throw alreadyAdopted(held);

  if (subcloud.joins === 0) fleet.joined();
  subcloud.joins++;
  const account = {
    user_id: seededBytes(fleet.seed, subcloud.index, `user ${subcloud.joins}`).toString('hex', 0, 16),
    username: serviceAccountName(region),
    password: seededBytes(fleet.seed, subcloud.index, `password ${subcloud.joins}`).toString('base64url'),
    project_name: HOLLOW_ACCOUNT_PROJECT,
    user_domain_name: DEFAULT_DOMAIN.name,
    project_domain_name: DEFAULT_DOMAIN.name,
  };
  // A replaced account's tokens go with it.
  subcloud.account = account;
  subcloud.tokens = [];
  subcloud.membership = {
    region, url, name: request.name, version: request.system_controller.software_version, joinedAt: fleet.now(),
  };
  return {
    region_name: subcloud.regionName,
    system_uuid: subcloud.systemUuid,
    system_name: subcloud.name,
    system_mode: 'simplex',
    software_version: fleet.softwareVersion,
    auth_url: `${fleet.urlOf(subcloud.index)}/identity/v3`,
    account,
  };
}
