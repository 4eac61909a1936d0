import { createClient, SoftwareApi, type Credentials } from '@murmuration/client';
import type { ServiceType } from '@murmuration/core/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../../server/test/support/test-controller.js';
import { memoryTokenStore } from './support/memory-token-store.js';

describe('Session over real HTTP to a real controller', () => {
  let t: TestController;
  let credentials: Credentials;

  beforeAll(async () => {
    t = await startTestController('sqlite');
    const base = await t.controller.listen();
    credentials = {
      authUrl: `${base}/identity/v3`,
      username: 'admin',
      password: t.adminPassword,
      projectName: 'admin',
      userDomainName: 'Default',
      projectDomainName: 'Default',
      regionName: 'RegionOne',
      interface: 'internal',
    };
  });
  afterAll(async () => t.close());

  const logins = async (event: string) => {
    const { entries } = await t.controller.services.audit.list({ event: event as 'auth.success', limit: 1000 });
    return entries.length;
  };

  it('logs in once, finds endpoints in the catalog and reuses the stored token', async () => {
    const tokens = memoryTokenStore();
    const before = await logins('auth.success');
    const first = createClient(credentials, { tokenStore: tokens });
    expect((await first.sysinv.listSystems())[0]!.system_type).toBe('All-in-one');
    expect(await first.session.endpoint('platform')).toBe(`${credentials.authUrl.replace('/identity/v3', '')}/sysinv/v1`);
    const second = createClient(credentials, { tokenStore: tokens });
    await second.sysinv.listSystems();
    expect(await logins('auth.success')).toBe(before + 1);
  });

  it('logs in once for requests made at once before it has a token', async () => {
    const before = await logins('auth.success');
    const client = createClient(credentials);
    const answers = await Promise.all([1, 2, 3].map(() => client.sysinv.listSystems()));
    expect(answers.map((systems) => systems.length)).toEqual([1, 1, 1]);
    expect(await logins('auth.success')).toBe(before + 1);
  });

  it('logs in again once when a stored token was revoked meanwhile', async () => {
    const tokens = memoryTokenStore();
    const client = createClient(credentials, { tokenStore: tokens });
    await client.sysinv.listSystems();
    const revoked = tokens.saved!.token;
    const admin = await t.adminToken();
    const res = await t.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': revoked } });
    expect(res.status).toBe(204);
    const fresh = createClient(credentials, { tokenStore: tokens });
    expect(await fresh.sysinv.listSystems()).toHaveLength(1);
    expect(tokens.saved!.token).not.toBe(revoked);
  });

  it('does not retry a refused password (one failure counted, not two)', async () => {
    const before = await logins('auth.failure');
    const client = createClient({ ...credentials, password: 'wrong password, twelve+' });
    await expect(client.sysinv.listSystems()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await logins('auth.failure')).toBe(before + 1);
  });

  it('reaches USM under the catalog URL that ends in a slash', async () => {
    const client = createClient(credentials);
    const base = credentials.authUrl.replace('/identity/v3', '');
    expect((await client.session.token()).catalog.find((c) => c.type === 'usm')!.endpoints[0]!.url).toBe(`${base}/usm/`);
    expect(await client.session.endpoint('usm')).toBe(`${base}/usm`);
    expect(await new SoftwareApi(client.session).list()).toEqual([]);
  });

  it('names a service the catalog lacks', async () => {
    const client = createClient(credentials);
    // A type outside ours, as a catalog of another cloud may hold: the lookup still says what is missing.
    await expect(client.session.endpoint('compute' as ServiceType)).rejects.toThrow('the catalog has no internal endpoint for service type compute in region RegionOne');
  });
});
