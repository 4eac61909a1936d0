import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, createUser, faultOf } from './support/api-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

const HOST = 'http://controller.example:6385';
const SYSINV_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/;

/** The `isystem` fields of reference §2.1, in sysinv's order. */
const FIELDS = [
  'uuid', 'name', 'system_type', 'system_mode', 'description', 'contact', 'location', 'latitude', 'longitude', 'services',
  'software_version', 'timezone', 'capabilities', 'region_name', 'distributed_cloud_role', 'service_project_name',
  'security_feature', 'created_at', 'updated_at', 'links', 'ihosts',
];

type Op = { op: string; path: string; value?: unknown };

describe.each(testDialects())('sysinv isystems on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-04-01T09:30:00.250Z'));
  let admin: string;
  let uuid: string;

  const t = useTestController(dialect, { clock });
  beforeAll(async () => {
    admin = await t.adminToken();
    uuid = (await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin })).json().isystems[0].uuid;
  });

  const get = (url: string, token: string = admin) => t.request({ method: 'GET', url, token, headers: { host: 'controller.example:6385' } });
  const patch = (ops: Op[], token: string = admin) =>
    t.request({ method: 'PATCH', url: `/sysinv/v1/isystems/${uuid}`, token, body: ops, headers: { host: 'controller.example:6385' } });
  const show = async () => (await get(`/sysinv/v1/isystems/${uuid}`)).json();

  describe('show', () => {
    it('answers the version document at /sysinv without a token', async () => {
      const res = await t.request({ method: 'GET', url: '/sysinv', headers: { host: 'controller.example:6385' } });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ default_version: { id: 'v1', links: [{ href: `${HOST}/sysinv/v1/`, rel: 'self' }] }, versions: [{ id: 'v1' }] });
    });

    it('lists the one system in the isystems envelope with every reference field', async () => {
      const res = await get('/sysinv/v1/isystems');
      expect(res.status).toBe(200);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['isystems']);
      expect(body.isystems).toHaveLength(1);
      const system = body.isystems[0];
      expect(Object.keys(system)).toEqual(FIELDS);
      expect(system).toMatchObject({
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        name: 'murmuration',
        system_type: 'All-in-one',
        system_mode: 'simplex',
        description: null,
        contact: null,
        location: null,
        latitude: null,
        longitude: null,
        services: null,
        software_version: '0.1.0-test',
        timezone: 'UTC',
        region_name: 'RegionOne',
        distributed_cloud_role: null,
        service_project_name: 'services',
        updated_at: null,
      });
      expect(system.capabilities).toMatchObject({ region_config: false, sdn_enabled: false, https_enabled: false, vswitch_type: 'none', shared_services: '[]' });
      expect(system.created_at).toMatch(SYSINV_TIME);
      expect(system.created_at).toBe('2026-04-01T09:30:00.250000+00:00');
      expect(system.links).toEqual([
        { href: `${HOST}/sysinv/v1/isystems/${system.uuid}`, rel: 'self' },
        { href: `${HOST}/sysinv/isystems/${system.uuid}`, rel: 'bookmark' },
      ]);
      expect(system.ihosts.map((l: { rel: string }) => l.rel)).toEqual(['self', 'bookmark']);
    });

    it('shows the system as a bare object equal to the list element', async () => {
      const listed = (await get('/sysinv/v1/isystems')).json().isystems[0];
      const res = await get(`/sysinv/v1/isystems/${uuid}`);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(listed);
    });

    it('pages like sysinv: next only when the page is full, marker skips past', async () => {
      const page = (await get('/sysinv/v1/isystems?limit=1')).json();
      expect(page.isystems).toHaveLength(1);
      expect(page.next).toBe(`${HOST}/sysinv/v1/isystems?limit=1&marker=${uuid}`);
      const rest = (await get(`/sysinv/v1/isystems?limit=1&marker=${uuid}`)).json();
      expect(rest).toEqual({ isystems: [] });
      expect((await get('/sysinv/v1/isystems?limit=5')).json().next).toBeUndefined();
      expect((await get('/sysinv/v1/isystems?sort_key=name&sort_dir=desc')).json().isystems).toHaveLength(1);
    });

    it('answers 404 in the sysinv error format for an unknown system', async () => {
      const res = await get('/sysinv/v1/isystems/6f4d6e2a-0000-4000-8000-000000000001');
      expect(res.status).toBe(404);
      expect(res.headers['x-error-code']).toBe('NOT_FOUND');
      expect(faultOf(res)).toEqual({ faultstring: 'system not found: 6f4d6e2a-0000-4000-8000-000000000001', debuginfo: null, faultcode: 'Client' });
    });
  });

  describe('modify', () => {
    it('changes every patchable field at once and stamps updated_at', async () => {
      clock.advance(5_000);
      const res = await patch([
        { op: 'replace', path: '/name', value: 'edge-west-1' },
        { op: 'replace', path: '/description', value: 'West region edge' },
        { op: 'replace', path: '/contact', value: 'noc@example.com' },
        { op: 'replace', path: '/location', value: 'Rack 4, Bay 2' },
        { op: 'replace', path: '/latitude', value: '45.5017' },
        { op: 'replace', path: '/longitude', value: '-73.5673' },
        { op: 'replace', path: '/timezone', value: 'America/Toronto' },
      ]);
      expect(res.status).toBe(200);
      const system = res.json();
      expect(Object.keys(system)).toEqual(FIELDS);
      expect(system).toMatchObject({
        uuid,
        name: 'edge-west-1',
        description: 'West region edge',
        contact: 'noc@example.com',
        location: 'Rack 4, Bay 2',
        latitude: '45.5017',
        longitude: '-73.5673',
        timezone: 'America/Toronto',
        updated_at: '2026-04-01T09:30:05.250000+00:00',
      });
      expect(await show()).toEqual(system);
    });

    it('accepts the edges of the ranges and the forms sysinv accepts', async () => {
      for (const [field, value] of [
        ['latitude', '90'],
        ['latitude', '-90.000'],
        ['latitude', '+0.5'],
        ['longitude', '180'],
        ['longitude', '-179.999999'],
        ['timezone', 'Asia/Kolkata'],
        ['timezone', 'UTC'],
      ] as const) {
        const res = await patch([{ op: 'replace', path: `/${field}`, value }]);
        expect(res.status, `${field}=${value}`).toBe(200);
        expect(res.json()[field]).toBe(value);
      }
    });

    it('accepts a patch sent as application/json-patch+json', async () => {
      const res = await t.request({
        method: 'PATCH',
        url: `/sysinv/v1/isystems/${uuid}`,
        token: admin,
        headers: { 'content-type': 'application/json-patch+json' },
        rawBody: JSON.stringify([{ op: 'replace', path: '/description', value: 'patched as json-patch' }]),
      });
      expect(res.status).toBe(200);
      expect(res.json().description).toBe('patched as json-patch');
      const broken = await t.request({
        method: 'PATCH',
        url: `/sysinv/v1/isystems/${uuid}`,
        token: admin,
        headers: { 'content-type': 'application/json-patch+json' },
        rawBody: '[{"op": ',
      });
      expect(broken.status).toBe(400);
      expect(broken.headers['x-error-code']).toBe('MALFORMED_BODY');
      expect((await show()).description).toBe('patched as json-patch');
    });

    it('clears optional fields with remove or an empty coordinate', async () => {
      await patch([{ op: 'replace', path: '/contact', value: 'someone' }, { op: 'replace', path: '/latitude', value: '10' }]);
      const res = await patch([{ op: 'remove', path: '/contact' }, { op: 'replace', path: '/latitude', value: '' }]);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ contact: null, latitude: null });
    });

    it('audits the change with the fields it touched', async () => {
      const res = await t.request({
        method: 'PATCH',
        url: `/sysinv/v1/isystems/${uuid}`,
        token: admin,
        headers: { 'x-openstack-request-id': 'req-system-modify' },
        body: [{ op: 'replace', path: '/location', value: 'Hall B' }, { op: 'replace', path: '/contact', value: 'ops' }],
      });
      expect(res.status).toBe(200);
      const entry = (await auditEntries(t, admin, 'limit=50')).find((e) => e.request_id === 'req-system-modify');
      expect(entry).toMatchObject({ event: 'request', method: 'PATCH', target: `isystem:${uuid}`, outcome: 200, detail: 'changed location, contact', user_name: 'admin' });
    });
  });

  describe('validation', () => {
    const CASES: Array<[string, Op[], string]> = [
      ['latitude above 90', [{ op: 'replace', path: '/latitude', value: '90.1' }], 'Latitude must be between -90 and +90'],
      ['latitude below -90', [{ op: 'replace', path: '/latitude', value: '-91' }], 'Latitude must be between -90 and +90'],
      ['latitude not a number', [{ op: 'replace', path: '/latitude', value: 'north' }], 'Latitude must be between -90 and +90'],
      ['latitude in exponent form', [{ op: 'replace', path: '/latitude', value: '1e1' }], 'Latitude must be between -90 and +90'],
      ['longitude above 180', [{ op: 'replace', path: '/longitude', value: '180.5' }], 'Longitude must be between -180 and +180'],
      ['longitude with leading zeros', [{ op: 'replace', path: '/longitude', value: '0180' }], 'Longitude must be between -180 and +180'],
      ['unknown time zone', [{ op: 'replace', path: '/timezone', value: 'Mars/Olympus_Mons' }], 'Timezone Mars/Olympus_Mons does not exist'],
      ['time zone with a path', [{ op: 'replace', path: '/timezone', value: '../../etc/passwd' }], 'does not exist'],
      ['removing the time zone', [{ op: 'remove', path: '/timezone' }], 'timezone cannot be removed'],
      ['removing the name', [{ op: 'remove', path: '/name' }], 'name cannot be removed'],
      ['blank name', [{ op: 'replace', path: '/name', value: '   ' }], 'name must not be empty'],
      ['non-ASCII text', [{ op: 'replace', path: '/location', value: 'Zürich' }], 'location: system values must be printable ASCII'],
      ['control characters', [{ op: 'replace', path: '/description', value: 'line\nbreak' }], 'description: system values must be printable ASCII'],
      ['text over 255 characters', [{ op: 'replace', path: '/contact', value: 'c'.repeat(256) }], 'contact must be at most 255 characters'],
      ['read-only uuid', [{ op: 'replace', path: '/uuid', value: '6f4d6e2a-0000-4000-8000-000000000001' }], 'uuid cannot be modified'],
      ['read-only system_mode', [{ op: 'replace', path: '/system_mode', value: 'duplex' }], 'system_mode cannot be modified'],
      ['read-only system_type', [{ op: 'replace', path: '/system_type', value: 'Standard' }], 'system_type field cannot be modified'],
      ['read-only software_version', [{ op: 'replace', path: '/software_version', value: '99.0' }], 'software_version field cannot be modified'],
      ['read-only region_name', [{ op: 'replace', path: '/region_name', value: 'Elsewhere' }], 'region_name cannot be modified'],
      ['read-only distributed_cloud_role', [{ op: 'replace', path: '/distributed_cloud_role', value: 'subcloud' }], 'distributed_cloud_role is set when the controller starts'],
      ['unknown field', [{ op: 'replace', path: '/colour', value: 'blue' }], 'colour is not a patchable field; patchable fields are name, description, contact, location, latitude, longitude, timezone'],
      ['nested path', [{ op: 'replace', path: '/capabilities/sdn_enabled', value: 'true' }], 'is not a top-level field'],
      ['the same field twice', [{ op: 'replace', path: '/name', value: 'a' }, { op: 'replace', path: '/name', value: 'b' }], 'patch changes name more than once'],
      ['replace without a value', [{ op: 'replace', path: '/name' }], 'needs a value'],
      ['one bad operation among good ones', [{ op: 'replace', path: '/name', value: 'half-done' }, { op: 'replace', path: '/latitude', value: '100' }], 'Latitude must be between'],
    ];

    it.each(CASES)('refuses %s with 400, a sysinv fault string and no change', async (_label, ops, message) => {
      const before = await show();
      const res = await patch(ops);
      expect(res.status).toBe(400);
      expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
      expect(String(res.headers['content-type'])).toContain('application/json');
      const fault = faultOf(res);
      expect(fault.faultcode).toBe('Client');
      expect(fault.debuginfo).toBeNull();
      expect(fault.faultstring).toContain(message);
      expect(await show()).toEqual(before);
    });

    it('lets a reader show but not modify the system', async () => {
      const r = await createUser(t, admin, 'sysreader', { role: 'reader' });
      const reader = await t.login(r.name, r.password);
      expect((await get(`/sysinv/v1/isystems/${uuid}`, reader)).status).toBe(200);
      const before = await show();
      const res = await patch([{ op: 'replace', path: '/name', value: 'taken-over' }], reader);
      expect(res.status).toBe(403);
      expect(res.headers['x-error-code']).toBe('FORBIDDEN');
      expect(faultOf(res).faultstring).toContain('needs the admin role');
      expect(await show()).toEqual(before);
    });

    it('needs a token, and says so in the sysinv format', async () => {
      const res: InjectResult = await t.request({ method: 'GET', url: '/sysinv/v1/isystems' });
      expect(res.status).toBe(401);
      expect(faultOf(res).faultstring).toBe('The request you have made requires authentication.');
    });
  });
});
