import { AppError } from '@murmuration/core/common';
import type { DcJoinAnswer, DcJoinRequest } from '@murmuration/core/contract/dc-agent';
import { isSubcloudName } from '@murmuration/core/dc';
import { DEFAULT_DOMAIN } from '@murmuration/core/identity';
import type { HollowFleet } from './hollow-fleet.js';
import { seededBytes, type HollowSubcloud } from './hollow-subcloud.js';

/** The account a hollow subcloud makes for its system controller, named as a real subcloud names it. */
export const HOLLOW_ACCOUNT_NAME = 'dcmanager';
export const HOLLOW_ACCOUNT_PROJECT = 'admin';

/**
 * `POST /dcagent/v1/join` on a hollow subcloud: its one-time join token buys the account, whose
 * password is answered once. A hollow subcloud has no admin user, so a join without its token is refused.
 */
export function hollowJoin(fleet: HollowFleet, subcloud: HollowSubcloud, request: DcJoinRequest): DcJoinAnswer {
  if (request.join_token === undefined) {
    throw new AppError('UNAUTHENTICATED', 'This request needs a join token (join_token) or an admin token.');
  }
  if (request.join_token !== subcloud.joinToken) throw new AppError('UNAUTHENTICATED', 'The join token is not valid.');
  if (subcloud.account !== null) throw new AppError('UNAUTHENTICATED', 'The join token was already used; create a new one.');
  if (!isSubcloudName(request.name)) {
    throw new AppError('INVALID_INPUT', 'Invalid input: name must be lower-case letters, digits and inner hyphens', { field: 'body.name' });
  }
  const account = {
    user_id: seededBytes(fleet.seed, subcloud.index, 'user').toString('hex', 0, 16),
    username: HOLLOW_ACCOUNT_NAME,
    password: seededBytes(fleet.seed, subcloud.index, 'password').toString('base64url'),
    project_name: HOLLOW_ACCOUNT_PROJECT,
    user_domain_name: DEFAULT_DOMAIN.name,
    project_domain_name: DEFAULT_DOMAIN.name,
  };
  subcloud.account = account;
  fleet.joined();
  const url = fleet.urlOf(subcloud.index);
  return {
    region_name: subcloud.regionName,
    system_uuid: subcloud.systemUuid,
    system_name: subcloud.name,
    system_mode: 'simplex',
    software_version: fleet.softwareVersion,
    auth_url: `${url}/identity/v3`,
    account,
  };
}
