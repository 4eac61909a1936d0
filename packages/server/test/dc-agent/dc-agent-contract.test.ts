import { DcAgentApi } from '@murmuration/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { dcAgentContract } from '../../../../test-support/dc-agent-contract.js';
import { dcPrestageContract } from '../../../../test-support/dc-prestage-contract.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('the dcagent contract against a real controller on %s', (dialect) => {
  const t = useTestController(dialect);
  let base: string;
  let admin: string;
  beforeAll(async () => {
    base = await t.controller.listen();
    admin = await t.adminToken();
  });

  let token: string;
  it('joins, audits, answers 304 and refuses as the contract says', async () => {
    const api = new DcAgentApi(base);
    const joinToken = async () => (await api.createJoinToken(admin)).token;
    const result = await dcAgentContract({ baseUrl: base, joinToken });
    expect(result.answer.auth_url).toBe(`${base}/identity/v3`);
    expect((await t.controller.store.repos.membership.find())?.serviceUserId).toBe(result.answer.account.user_id);
    token = result.token;
  });

  it('takes a prestaged bundle in chunks, resumes, and refuses as the contract says', async () => {
    const signingKeyPem = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    await dcPrestageContract({ baseUrl: base, token, signingKeyPem });
    expect((await t.controller.services.releases.get('prestage-good-1.0.1')).state).toBe('available');
  });
});
