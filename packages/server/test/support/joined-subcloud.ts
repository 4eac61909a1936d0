import type { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import type { TestController } from './test-controller.js';

export const TEST_SYSTEM_CONTROLLER = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

/**
 * Makes the controller a subcloud of TEST_SYSTEM_CONTROLLER, as a system controller does with a
 * join token, and logs in with the account it answered: what the system controller then holds.
 */
export async function joinAsSubcloud(
  t: TestController,
  adminToken: string,
  name = 'edge-1',
): Promise<{ account: DcJoinAnswer['account']; token: string }> {
  const made = await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: adminToken, body: {} });
  if (made.status !== 201) throw new Error(`join token refused: ${made.status} ${made.body}`);
  const body = { join_token: made.json().token, name, system_controller: TEST_SYSTEM_CONTROLLER };
  const joined = await t.request({ method: 'POST', url: '/dcagent/v1/join', body });
  if (joined.status !== 200) throw new Error(`join refused: ${joined.status} ${joined.body}`);
  const { account } = joined.json<DcJoinAnswer>();
  return { account, token: await t.login(account.username, account.password) };
}
