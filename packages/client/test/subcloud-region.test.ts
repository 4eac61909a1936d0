import {
  DcAgentApi, DcmanagerApi, FmApi, IdentityApi, OrchestrationApi, Session, SoftwareApi, SysinvApi, type Credentials,
} from '@murmuration/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/test/support/api-helpers.js';
import { startTestController, type TestController } from '../../server/test/support/test-controller.js';
import { memoryTokenStore } from './support/memory-token-store.js';

/** One memory store per region asked for, as the CLI keeps one file per region. */
function regionStores() {
  const stores = new Map<string, ReturnType<typeof memoryTokenStore>>();
  const of = (region: string) => {
    if (!stores.has(region)) stores.set(region, memoryTokenStore());
    return stores.get(region)!;
  };
  return { of, asked: () => [...stores.keys()] };
}

const OPERATOR = { name: 'fleet-operator', password: 'Glacier-fo-Orbit-8841' };
const SUBCLOUD = 'edge1';
const REGION = 'Edge1';

describe('a subcloud\'s own API by its region, from a session on the system controller', () => {
  let central: TestController;
  let site: TestController;
  let centralUrl = '';
  let siteUrl = '';
  let siteSystemUuid = '';
  let siteServiceAccount = '';
  let siteClosed = false;

  const credentials = (base: string, regionName: string | null, user = OPERATOR): Credentials => ({
    authUrl: `${base}/identity/v3`, username: user.name, password: user.password, projectName: 'admin',
    userDomainName: 'Default', projectDomainName: 'Default', regionName, interface: 'internal',
  });
  const logins = async (t: TestController, event: 'auth.success' | 'auth.failure' = 'auth.success') =>
    (await t.controller.services.audit.list({ event, limit: 1000 })).entries.length;

  beforeAll(async () => {
    [central, site] = await Promise.all([
      startTestController('sqlite', { config: { role: 'systemcontroller' } }),
      startTestController('sqlite', { config: { region: REGION } }),
    ]);
    [centralUrl, siteUrl] = await Promise.all([central.controller.listen(), site.controller.listen()]);
    // The same user on both, as the identity sync makes it.
    for (const t of [central, site]) await createUser(t, await t.adminToken(), OPERATOR.name, { role: 'admin', password: OPERATOR.password });
    const siteAdmin = { name: 'admin', password: site.adminPassword };
    const joinToken = await new DcAgentApi(siteUrl).createJoinToken(await site.adminToken(), { description: 'for the system controller' });
    const centralAdmin = new Session(credentials(centralUrl, null, { name: 'admin', password: central.adminPassword }));
    await new DcmanagerApi(centralAdmin).addSubcloud({ name: SUBCLOUD, url: siteUrl, join_token: joinToken.token });
    siteSystemUuid = (await new SysinvApi(new Session(credentials(siteUrl, null, siteAdmin))).listSystems())[0]!.uuid;
    siteServiceAccount = (await central.controller.services.dcManager.credentialOf(1))!.username;
  });
  afterAll(async () => {
    await Promise.all([central?.close(), siteClosed ? null : site?.close()]);
  });

  it('serves every API of the region from the subcloud, with the subcloud\'s token; the central catalog keeps 2 regions', async () => {
    const tokens = memoryTokenStore();
    const regions = regionStores();
    const session = new Session(credentials(centralUrl, REGION), { tokenStore: tokens, regionTokenStore: regions.of });

    const [system] = await new SysinvApi(session).listSystems();
    expect(system).toMatchObject({ uuid: siteSystemUuid, region_name: REGION });
    expect(await session.endpoint('platform')).toBe(`${siteUrl}/sysinv/v1`);
    const users = (await new IdentityApi(session).listUsers()).map((u) => u.name);
    expect(users).toContain(siteServiceAccount);
    expect(await new FmApi(session).listAlarms()).toEqual([]);
    expect(await new SoftwareApi(session).list()).toEqual([]);
    expect(await new OrchestrationApi(session).get()).toBeNull();

    const centralRegions = new Set(tokens.saved!.catalog.flatMap((e) => e.endpoints.map((p) => p.region_id)));
    expect([...centralRegions].sort()).toEqual(['RegionOne', 'SystemController']);
    expect(regions.asked()).toEqual([REGION]);
    const kept = regions.of(REGION).saved!;
    expect(kept.subcloud).toEqual({ name: SUBCLOUD, region: REGION, url: siteUrl });
    expect(kept.token).not.toBe(tokens.saved!.token);
    expect((await session.token()).token).toBe(kept.token);
    // The central session itself still reaches the system controller's own services.
    expect((await new SysinvApi(session).listSystems())[0]!.uuid).toBe(siteSystemUuid);
    const centralSystem = await session.json<{ isystems: Array<{ uuid: string }> }>('platform', { method: 'GET', path: '/isystems', region: 'RegionOne' });
    expect(centralSystem.isystems[0]!.uuid).not.toBe(siteSystemUuid);
  });

  it('finds the subcloud by its name as well', async () => {
    const regions = regionStores();
    const session = new Session(credentials(centralUrl, SUBCLOUD), { regionTokenStore: regions.of });
    expect((await new SysinvApi(session).listSystems())[0]!.uuid).toBe(siteSystemUuid);
    expect(regions.of(SUBCLOUD).saved!.subcloud).toEqual({ name: SUBCLOUD, region: REGION, url: siteUrl });
  });

  it('reuses the kept subcloud token: no login anywhere, not even on the system controller', async () => {
    const regions = regionStores();
    const options = () => ({ tokenStore: memoryTokenStore(), regionTokenStore: regions.of });
    const first = new Session(credentials(centralUrl, REGION), options());
    await new SysinvApi(first).listSystems();
    const before = [await logins(central), await logins(site)];
    const next = new Session(credentials(centralUrl, REGION), options());
    expect((await new SysinvApi(next).listSystems())[0]!.uuid).toBe(siteSystemUuid);
    expect(await new FmApi(next).listAlarms()).toEqual([]);
    expect([await logins(central), await logins(site)]).toEqual(before);
  });

  it('logs in on the subcloud again once when its kept token was revoked; forgets only the region\'s token', async () => {
    const tokens = memoryTokenStore();
    const regions = regionStores();
    const options = { tokenStore: tokens, regionTokenStore: regions.of };
    await new SysinvApi(new Session(credentials(centralUrl, REGION), options)).listSystems();
    const revoked = regions.of(REGION).saved!.token;
    const siteAdmin = await site.adminToken();
    const headers = { 'x-subject-token': revoked };
    const res = await site.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: siteAdmin, headers });
    expect(res.status).toBe(204);
    const before = await logins(site);
    const session = new Session(credentials(centralUrl, REGION), options);
    expect((await new SysinvApi(session).listSystems())[0]!.uuid).toBe(siteSystemUuid);
    expect(await logins(site)).toBe(before + 1);
    expect(regions.of(REGION).saved!.token).not.toBe(revoked);

    const central = tokens.saved;
    await session.forget();
    expect(regions.of(REGION).saved).toBeNull();
    expect(tokens.saved).toBe(central);
  });

  it('says a region is unknown when neither the catalog nor the system controller\'s subclouds have it', async () => {
    const session = new Session(credentials(centralUrl, 'Nowhere'), { regionTokenStore: regionStores().of });
    await expect(new SysinvApi(session).listSystems()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no region Nowhere: the catalog does not list it and no subcloud of the system controller has that region or name',
    });
    // A region of the system controller's catalog is its own, even for a service it does not list there.
    const own = new Session(credentials(centralUrl, 'SystemController'));
    await expect(new SysinvApi(own).listSystems()).rejects.toThrow('the catalog has no internal endpoint for service type platform in region SystemController');
    // A controller that is no system controller does not look further than its catalog.
    const plain = new Session(credentials(siteUrl, 'Nowhere'));
    await expect(new SysinvApi(plain).listSystems()).rejects.toThrow('the catalog has no internal endpoint for service type platform in region Nowhere');
  });

  it('passes on the subcloud\'s refusal of the login, naming the subcloud', async () => {
    const stranger = { name: 'central-only', password: 'Glacier-co-Orbit-8841' };
    await createUser(central, await central.adminToken(), stranger.name, { role: 'admin', password: stranger.password });
    const failures = await logins(site, 'auth.failure');
    const session = new Session(credentials(centralUrl, REGION, stranger));
    await expect(new SysinvApi(session).listSystems()).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The request you have made requires authentication. on subcloud edge1',
    });
    expect(await logins(site, 'auth.failure')).toBe(failures + 1);
  });

  it('names the subcloud and its URL when it cannot be reached, and forgets its token to look it up again', async () => {
    const regions = regionStores();
    const session = new Session(credentials(centralUrl, REGION), { regionTokenStore: regions.of });
    await new SysinvApi(session).listSystems();
    expect(regions.of(REGION).saved).not.toBeNull();
    siteClosed = true;
    await site.close();
    const refused = new SysinvApi(session).listSystems();
    await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { subcloud: SUBCLOUD, url: siteUrl } });
    // A closed connection kept alive, or a refused new one.
    await expect(refused).rejects.toThrow(`cannot reach subcloud edge1 at ${siteUrl}: `);
    expect(regions.of(REGION).saved).toBeNull();
  });
});
