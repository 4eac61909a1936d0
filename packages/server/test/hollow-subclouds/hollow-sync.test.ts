import { DcAgentApi } from '@murmuration/client';
import type { IdentitySyncInput, PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { syncDigest } from '../../src/services/dc-agent/index.js';
import { auditHollow, joinHollow, loginHollow, rawRequest } from './hollow-client.js';

const identity: IdentitySyncInput = {
  users: [{ name: 'ops', enabled: true, password_hash: null, default_project_name: 'admin' }],
  projects: [{ name: 'admin', description: '', enabled: true }],
  roles: [{ name: 'admin' }, { name: 'member' }, { name: 'reader' }],
  role_assignments: [{ user_name: 'ops', project_name: 'admin', role_name: 'admin' }],
};
const platform: PlatformSyncInput = { event_suppression: [], silences: [], receivers: [] };

describe('hollow subclouds take a sync as a real subcloud does', () => {
  let hollow: RunningHollowSubclouds;
  let url = '';
  let token = '';
  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: 2, seed: 'hollow-sync-test', firstAddress: '127.8.0.1' });
    url = hollow.fleet.urlOf(0);
    const answer = await joinHollow(url, hollow.fleet.subclouds[0]!.joinTokens[0]!);
    token = await loginHollow(url, answer.account);
  });
  afterAll(() => hollow.close());

  it('answers the digest of the pushed state, and its audit reports it from then on', async () => {
    const api = new DcAgentApi(url);
    const before = (await auditHollow(url, token)).json() as { sync: Record<string, string> };
    const pushed = await api.sync('identity', identity, { token });
    expect(pushed).toEqual({ endpoint_type: 'identity', digest: syncDigest(identity) });
    const after = (await auditHollow(url, token)).json() as { sync: Record<string, string> };
    expect(after.sync.identity).toBe(syncDigest(identity));
    expect(after.sync.platform).toBe(before.sync.platform);
    expect((await api.sync('platform', platform, { token })).digest).toBe(syncDigest(platform));
  });

  it('refuses a push without the account\'s token, and a body that is not a sync input', async () => {
    const bare = await rawRequest(`${url}/dcagent/v1/sync/identity`, { method: 'PUT', body: identity });
    expect(bare.status).toBe(401);
    const wrong = await rawRequest(`${url}/dcagent/v1/sync/identity`, { method: 'PUT', body: { users: 'x' }, headers: { 'x-auth-token': token } });
    expect(wrong.status).toBe(400);
  });
});
