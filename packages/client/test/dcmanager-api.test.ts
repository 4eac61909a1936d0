import { DcmanagerApi, Session, type Credentials, type FetchLike } from '@murmuration/client';
import { describe, expect, it } from 'vitest';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

const SC = 'http://sc.example:6385';

/**
 * A hollow system controller at the HTTP edge: it issues a token whose catalog lists dcmanager in
 * region SystemController only (sysinv in RegionOne), records every request and answers each
 * dcmanager request with the body `answers` holds for its method and path.
 */
function hollowSystemController(answers: Record<string, unknown>, catalog = standardCatalog()) {
  const requests: Recorded[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    requests.push({ method: init?.method ?? 'GET', url: input, headers, body: typeof init?.body === 'string' ? init.body : null });
    if (input.endsWith('/identity/v3/auth/tokens')) {
      const token = { expires_at: '2999-01-01T00:00:00.000000Z', user: { id: 'u1' }, project: { id: 'p1' }, catalog };
      return new Response(JSON.stringify({ token }), { status: 201, headers: { 'x-subject-token': 'tok-1' } });
    }
    const key = `${init?.method} ${input.slice(`${SC}/dcmanager/v1.0`.length)}`;
    if (!(key in answers)) return new Response('<html><body><h1>404 Not Found</h1>The resource could not be found.<br /><br />\nnone\n</body></html>', { status: 404 });
    return new Response(JSON.stringify(answers[key]), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests: () => requests.filter((r) => !r.url.includes('/auth/tokens')) };
}

function standardCatalog() {
  const entry = (type: string, region: string, path: string) => ({
    type,
    endpoints: ['public', 'internal', 'admin'].map((i) => ({ interface: i, region, region_id: region, url: `${SC}${path}` })),
  });
  return [entry('platform', 'RegionOne', '/sysinv/v1'), entry('dcmanager', 'SystemController', '/dcmanager/v1.0')];
}

const credentials = (regionName: string | null): Credentials => ({
  authUrl: `${SC}/identity/v3`,
  username: 'admin',
  password: 'pw',
  projectName: 'admin',
  userDomainName: 'Default',
  projectDomainName: 'Default',
  regionName,
  interface: 'internal',
});

const api = (hollow: ReturnType<typeof hollowSystemController>, region: string | null = 'RegionOne') =>
  new DcmanagerApi(new Session(credentials(region), { fetch: hollow.fetch }));

const sent = (r: Recorded) => [r.method, r.url.slice(SC.length), r.body === null ? null : JSON.parse(r.body)];

describe('DcmanagerApi: the requests dcmanager\'s client makes, against a hollow system controller', () => {
  it('finds dcmanager in region SystemController whatever the session\'s region', async () => {
    for (const region of ['RegionOne', 'edge-7', null]) {
      const hollow = hollowSystemController({ 'GET /subclouds/': { subclouds: [] } });
      expect(await api(hollow, region).listSubclouds()).toEqual([]);
      expect(hollow.requests().map(sent)).toEqual([['GET', '/dcmanager/v1.0/subclouds/', null]]);
      expect(hollow.requests()[0]!.headers['x-auth-token']).toBe('tok-1');
    }
  });

  it('says so when the catalog has no dcmanager in SystemController (a controller that is no system controller)', async () => {
    const catalog = standardCatalog().map((e) => ({ ...e, endpoints: e.endpoints.map((p) => ({ ...p, region: 'RegionOne', region_id: 'RegionOne' })) }));
    const hollow = hollowSystemController({}, catalog);
    await expect(api(hollow).listSubclouds()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'the catalog has no internal endpoint for service type dcmanager in region SystemController',
    });
    expect(hollow.requests()).toEqual([]);
  });

  it('sends subcloud requests to the collection with its slash and to items without', async () => {
    const subcloud = { id: 1, name: 'edge-7' };
    const hollow = hollowSystemController({
      'POST /subclouds/': subcloud,
      'GET /subclouds/edge-7': subcloud,
      'GET /subclouds/1/detail': subcloud,
      'PATCH /subclouds/edge-7': subcloud,
      'DELETE /subclouds/edge-7': null,
      'DELETE /subclouds/edge-7?force=true': null,
      'GET /subclouds/summary': { summary: { total: 0, counts: [] } },
    });
    const dc = api(hollow);
    await dc.addSubcloud({ name: 'edge-7', url: 'https://10.0.0.7:6385', join_token: 'jt', group_id: 'far-east', latitude: 45.5 });
    await dc.getSubcloud('edge-7');
    await dc.getSubcloudDetail('1');
    await dc.updateSubcloud('edge-7', { 'management-state': 'managed', force: 'true' });
    await dc.deleteSubcloud('edge-7');
    await dc.deleteSubcloud('edge-7', { force: true });
    expect(await dc.fleetSummary()).toEqual({ total: 0, counts: [] });
    expect(hollow.requests().map(sent)).toEqual([
      ['POST', '/dcmanager/v1.0/subclouds/', { name: 'edge-7', url: 'https://10.0.0.7:6385', join_token: 'jt', group_id: 'far-east', latitude: 45.5 }],
      ['GET', '/dcmanager/v1.0/subclouds/edge-7', null],
      ['GET', '/dcmanager/v1.0/subclouds/1/detail', null],
      ['PATCH', '/dcmanager/v1.0/subclouds/edge-7', { 'management-state': 'managed', force: 'true' }],
      ['DELETE', '/dcmanager/v1.0/subclouds/edge-7', null],
      ['DELETE', '/dcmanager/v1.0/subclouds/edge-7?force=true', null],
      ['GET', '/dcmanager/v1.0/subclouds/summary', null],
    ]);
    expect(hollow.requests()[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends group and alarm requests as dcmanager\'s client does, and reads their list keys', async () => {
    const group = { id: 2, name: 'far-east' };
    const hollow = hollowSystemController({
      'POST /subcloud-groups/': group,
      'GET /subcloud-groups/': { subcloud_groups: [group] },
      'GET /subcloud-groups/far-east': group,
      'PATCH /subcloud-groups/2': group,
      'DELETE /subcloud-groups/far-east': null,
      'GET /subcloud-groups/far-east/subclouds': { subclouds: [{ id: 1 }] },
      'GET /alarms/': { alarm_summary: [{ region_name: 'edge-7' }] },
    });
    const dc = api(hollow);
    await dc.addGroup({ name: 'far-east', description: 'd', update_apply_type: 'serial', max_parallel_subclouds: 7 });
    expect(await dc.listGroups()).toEqual([group]);
    await dc.getGroup('far-east');
    await dc.updateGroup('2', { max_parallel_subclouds: 9 });
    await dc.deleteGroup('far-east');
    expect(await dc.groupSubclouds('far-east')).toEqual([{ id: 1 }]);
    expect(await dc.alarmSummary()).toEqual([{ region_name: 'edge-7' }]);
    expect(hollow.requests().map(sent)).toEqual([
      ['POST', '/dcmanager/v1.0/subcloud-groups/', { name: 'far-east', description: 'd', update_apply_type: 'serial', max_parallel_subclouds: 7 }],
      ['GET', '/dcmanager/v1.0/subcloud-groups/', null],
      ['GET', '/dcmanager/v1.0/subcloud-groups/far-east', null],
      ['PATCH', '/dcmanager/v1.0/subcloud-groups/2', { max_parallel_subclouds: 9 }],
      ['DELETE', '/dcmanager/v1.0/subcloud-groups/far-east', null],
      ['GET', '/dcmanager/v1.0/subcloud-groups/far-east/subclouds', null],
      ['GET', '/dcmanager/v1.0/alarms/', null],
    ]);
  });

  it('escapes a reference in the path and reads webob error pages', async () => {
    const hollow = hollowSystemController({});
    await expect(api(hollow).getSubcloud('a/b c')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'none' });
    expect(hollow.requests().map(sent)).toEqual([['GET', '/dcmanager/v1.0/subclouds/a%2Fb%20c', null]]);
  });
});
