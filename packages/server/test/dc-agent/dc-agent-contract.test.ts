import { DcAgentApi } from '@murmuration/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { dcAgentContract } from '../../../../test-support/dc-agent-contract.js';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('the dcagent contract against a real controller on %s', (dialect) => {
  const t = useTestController(dialect);
  let base: string;
  let admin: string;
  beforeAll(async () => {
    base = await t.controller.listen();
    admin = await t.adminToken();
  });

  it('joins, audits, answers 304 and refuses as the contract says', async () => {
    const api = new DcAgentApi(base);
    const joinToken = async () => (await api.createJoinToken(admin)).token;
    const result = await dcAgentContract({ baseUrl: base, joinToken });
    expect(result.answer.auth_url).toBe(`${base}/identity/v3`);
    expect((await t.controller.store.repos.membership.find())?.serviceUserId).toBe(result.answer.account.user_id);
  });
});
