import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createUser, issueToken, keystoneError, passwordAuth, projectId, strongPassword } from './support/api-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { startTestController } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

const BASE = 'http://controller.example:6385';
const KEYSTONE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const HOUR_MS = 3600 * 1000;

describe.each(testDialects())('identity tokens on %s', (dialect) => {
  const clock = createManualClock();
  let admin: string;

  const t = useTestController(dialect, { clock, config: { advertiseUrl: BASE } });
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const use = (token: string) => t.request({ method: 'GET', url: '/identity/v3/users', token });
  const validate = (token: string, subject: string, method: 'GET' | 'HEAD' = 'GET') =>
    t.request({ method, url: '/identity/v3/auth/tokens', token, headers: { 'x-subject-token': subject } });

  describe('version discovery', () => {
    it('answers GET /identity with 300 and the v3 version document, without a token', async () => {
      const res = await t.request({ method: 'GET', url: '/identity' });
      expect(res.status).toBe(300);
      const values = res.json().versions.values;
      expect(values).toHaveLength(1);
      expect(values[0]).toMatchObject({ id: 'v3.14', status: 'stable' });
      expect(values[0].links).toEqual([{ rel: 'self', href: expect.stringMatching(/\/identity\/v3\/$/) }]);
      expect(values[0]['media-types']).toEqual([{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }]);
    });

    it('answers GET /identity/v3 with the version document', async () => {
      const res = await t.request({ method: 'GET', url: '/identity/v3' });
      expect(res.status).toBe(200);
      expect(res.json().version).toMatchObject({ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: expect.stringMatching(/\/identity\/v3\/$/) }] });
    });
  });

  describe('issue', () => {
    it('issues a project-scoped token by password with the body the StarlingX clients read', async () => {
      const res = await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword, { name: 'admin' }));
      expect(res.status).toBe(201);
      const secret = res.headers['x-subject-token'];
      expect(typeof secret).toBe('string');
      expect((secret as string).length).toBeGreaterThanOrEqual(32);

      const token = res.json().token;
      expect(Object.keys(token).sort()).toEqual(['audit_ids', 'catalog', 'expires_at', 'is_domain', 'issued_at', 'methods', 'project', 'roles', 'user']);
      expect(token.issued_at).toMatch(KEYSTONE_TIME);
      expect(token.expires_at).toMatch(KEYSTONE_TIME);
      expect(Date.parse(token.issued_at)).toBe(clock.now());
      expect(Date.parse(token.expires_at)).toBe(clock.now() + HOUR_MS);
      expect(token.methods).toEqual(['password']);
      expect(token.audit_ids).toHaveLength(1);
      expect(token.user).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'admin', domain: { id: 'default', name: 'Default' }, password_expires_at: null });
      expect(token.project).toEqual({ id: await projectId(t, admin, 'admin'), name: 'admin', domain: { id: 'default', name: 'Default' } });
      expect(token.roles).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'admin' }]);
      expect(token.is_domain).toBe(false);
      // The token works.
      expect((await use(secret as string)).status).toBe(200);
    });

    it('scopes by project id and identifies the user by id', async () => {
      const pid = await projectId(t, admin, 'admin');
      const first = (await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))).json().token;
      const res = await issueToken(t, passwordAuth({ id: first.user.id }, t.adminPassword, { id: pid }));
      expect(res.status).toBe(201);
      expect(res.json().token.project).toMatchObject({ id: pid, name: 'admin' });
      expect(res.json().token.user.name).toBe('admin');
    });

    it('scopes to the default project when no scope is asked for', async () => {
      const res = await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword, null));
      expect(res.status).toBe(201);
      expect(res.json().token.project.name).toBe('admin');
    });

    it('issues an unscoped token to a user without a default project: no project, roles or catalog', async () => {
      const u = await createUser(t, admin, 'drifter', { role: 'reader' });
      const res = await issueToken(t, passwordAuth({ name: u.name }, u.password, null));
      expect(res.status).toBe(201);
      const token = res.json().token;
      expect(Object.keys(token).sort()).toEqual(['audit_ids', 'expires_at', 'issued_at', 'methods', 'user']);
      const secret = String(res.headers['x-subject-token']);
      // An unscoped token proves who you are but grants no role.
      const projects = await t.request({ method: 'GET', url: '/identity/v3/auth/projects', token: secret });
      expect(projects.status).toBe(200);
      expect(projects.json().projects.map((p: { name: string }) => p.name)).toEqual(['admin']);
      expect(keystoneError(await use(secret), 403, 'FORBIDDEN')).toContain('needs a role on the project');
    });

    it('exchanges a token for a new one with the token method, never extending its life', async () => {
      const original = await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword));
      const originalExpiry = original.json().token.expires_at;
      clock.advance(10 * 60 * 1000);
      const res = await issueToken(t, {
        auth: { identity: { methods: ['token'], token: { id: String(original.headers['x-subject-token']) } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } },
      });
      expect(res.status).toBe(201);
      const token = res.json().token;
      expect(token.methods).toEqual(['token']);
      expect(token.project.name).toBe('admin');
      expect(token.expires_at).toBe(originalExpiry);
      expect(Date.parse(token.issued_at)).toBe(clock.now());
      expect(res.headers['x-subject-token']).not.toBe(original.headers['x-subject-token']);
      expect((await use(String(res.headers['x-subject-token']))).status).toBe(200);
    });

    it('accepts a login sent as application/openstack-identity+json', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/identity/v3/auth/tokens',
        headers: { 'content-type': 'application/openstack-identity+json' },
        rawBody: JSON.stringify(passwordAuth({ name: 'admin' }, t.adminPassword)),
      });
      expect(res.status).toBe(201);
      expect(res.json().token.user.name).toBe('admin');
    });

    it('leaves out the catalog when asked with ?nocatalog', async () => {
      const res = await t.request({ method: 'POST', url: '/identity/v3/auth/tokens?nocatalog=true', body: passwordAuth({ name: 'admin' }, t.adminPassword) });
      expect(res.status).toBe(201);
      expect(res.json().token.catalog).toBeUndefined();
      expect(res.json().token.roles).toHaveLength(1);
    });

    it.each([
      ['a wrong password', () => passwordAuth({ name: 'admin' }, 'not-the-password-at-all')],
      ['an unknown user', () => passwordAuth({ name: 'nobody-here' }, 'whatever-password-1')],
      ['an unknown project', () => passwordAuth({ name: 'admin' }, t.adminPassword, { name: 'no-such-project' })],
      ['another domain', () => ({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: t.adminPassword, domain: { name: 'Other' } } } } } })],
      ['an unknown token', () => ({ auth: { identity: { methods: ['token'], token: { id: 'not-a-token' } } } })],
      ['a system scope', () => ({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: t.adminPassword } } }, scope: { system: { all: true } } } })],
    ])('refuses %s with 401 in the Keystone error format', async (_label, body) => {
      const res = await issueToken(t, body());
      keystoneError(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['x-subject-token']).toBeUndefined();
      expect(res.headers['www-authenticate']).toContain('Keystone');
    });

    it('gives the same answer for an unknown user as for a wrong password', async () => {
      const wrong = await issueToken(t, passwordAuth({ name: 'admin' }, 'not-the-password-at-all'));
      const unknown = await issueToken(t, passwordAuth({ name: 'nobody-here' }, 'not-the-password-at-all'));
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.json()).toEqual(wrong.json());
      // The failed attempt above must not lock the admin out of the remaining tests.
      await t.adminToken();
    });

    it('refuses a project on which the user holds no role', async () => {
      const u = await createUser(t, admin, 'outsider', { role: 'member' });
      const res = await issueToken(t, passwordAuth({ name: u.name }, u.password, { name: 'services' }));
      expect(keystoneError(res, 401, 'UNAUTHENTICATED')).toContain('has no access to project');
    });
  });

  describe('validate and revoke', () => {
    it('validates a token: 200 with the subject header echoed and the subject described', async () => {
      const u = await createUser(t, admin, 'validated', { role: 'reader' });
      const subject = await t.login(u.name, u.password);
      const res = await validate(admin, subject);
      expect(res.status).toBe(200);
      expect(res.headers['x-subject-token']).toBe(subject);
      const token = res.json().token;
      expect(token.user).toMatchObject({ id: u.id, name: u.name });
      expect(token.roles.map((r: { name: string }) => r.name)).toEqual(['reader']);
      expect(token.catalog.length).toBeGreaterThan(0);
    });

    it('answers HEAD with 200 and no body for a valid token, 404 for an unknown one', async () => {
      const ok = await validate(admin, admin, 'HEAD');
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');
      const missing = await validate(admin, 'no-such-token', 'HEAD');
      expect(missing.status).toBe(404);
      expect(missing.body).toBe('');
      expect(missing.headers['x-error-code']).toBe('NOT_FOUND');
    });

    it('answers 404 when validating an unknown token', async () => {
      keystoneError(await validate(admin, 'no-such-token'), 404, 'NOT_FOUND');
    });

    it('lets a user validate its own token but not another user\'s', async () => {
      const u = await createUser(t, admin, 'curious', { role: 'member' });
      const own = await t.login(u.name, u.password);
      expect((await validate(own, own)).status).toBe(200);
      keystoneError(await validate(own, admin), 403, 'FORBIDDEN');
    });

    it('needs a valid caller token to validate', async () => {
      keystoneError(await t.request({ method: 'GET', url: '/identity/v3/auth/tokens', headers: { 'x-subject-token': admin } }), 401, 'UNAUTHENTICATED');
      keystoneError(await validate('bogus-caller', admin), 401, 'UNAUTHENTICATED');
    });

    it('revokes a token: 204, then it no longer validates or authenticates', async () => {
      const subject = await t.adminToken();
      expect((await use(subject)).status).toBe(200);
      const res = await t.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': subject } });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      keystoneError(await validate(admin, subject), 404, 'NOT_FOUND');
      keystoneError(await use(subject), 401, 'UNAUTHENTICATED');
      keystoneError(
        await t.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': subject } }),
        404,
        'NOT_FOUND',
      );
    });

    it('lets a user revoke its own token', async () => {
      const u = await createUser(t, admin, 'leaver', { role: 'member' });
      const own = await t.login(u.name, u.password);
      const res = await t.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: own, headers: { 'x-subject-token': own } });
      expect(res.status).toBe(204);
      keystoneError(await use(own), 401, 'UNAUTHENTICATED');
    });
  });

  describe('revocation by user changes', () => {
    it('revokes the tokens of a disabled user, and they stay revoked when it is enabled again', async () => {
      const u = await createUser(t, admin, 'disabled-one', { role: 'member' });
      const token = await t.login(u.name, u.password);
      expect((await use(token)).status).toBe(200);
      const off = await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { enabled: false } } });
      expect(off.status).toBe(200);
      keystoneError(await use(token), 401, 'UNAUTHENTICATED');
      expect(keystoneError(await issueToken(t, passwordAuth({ name: u.name }, u.password)), 401, 'UNAUTHENTICATED')).toContain('disabled');

      const on = await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { enabled: true } } });
      expect(on.status).toBe(200);
      keystoneError(await use(token), 401, 'UNAUTHENTICATED');
      expect((await use(await t.login(u.name, u.password))).status).toBe(200);
    });

    it('revokes the tokens of a deleted user', async () => {
      const u = await createUser(t, admin, 'deleted-one', { role: 'member' });
      const token = await t.login(u.name, u.password);
      expect((await use(token)).status).toBe(200);
      expect((await t.request({ method: 'DELETE', url: `/identity/v3/users/${u.id}`, token: admin })).status).toBe(204);
      keystoneError(await use(token), 401, 'UNAUTHENTICATED');
      keystoneError(await validate(admin, token), 404, 'NOT_FOUND');
    });

    it('revokes every token of a user who changes their own password', async () => {
      const u = await createUser(t, admin, 'rotating', { role: 'member' });
      const first = await t.login(u.name, u.password);
      const second = await t.login(u.name, u.password);
      const next = strongPassword('rotated');
      const res = await t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: u.password, password: next } } });
      expect(res.status).toBe(204);
      keystoneError(await use(first), 401, 'UNAUTHENTICATED');
      keystoneError(await use(second), 401, 'UNAUTHENTICATED');
      keystoneError(await issueToken(t, passwordAuth({ name: u.name }, u.password)), 401, 'UNAUTHENTICATED');
      expect((await use(await t.login(u.name, next))).status).toBe(200);
    });

    it('revokes the tokens of a user whose password an administrator sets', async () => {
      const u = await createUser(t, admin, 'reset-one', { role: 'member' });
      const token = await t.login(u.name, u.password);
      const next = strongPassword('adminset');
      const res = await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { password: next } } });
      expect(res.status).toBe(200);
      keystoneError(await use(token), 401, 'UNAUTHENTICATED');
      expect((await use(await t.login(u.name, next))).status).toBe(200);
    });

    it('applies a revoked role to tokens already issued', async () => {
      const u = await createUser(t, admin, 'demoted', { role: 'member' });
      const token = await t.login(u.name, u.password);
      expect((await use(token)).status).toBe(200);
      const pid = await projectId(t, admin, 'admin');
      const roles = (await t.request({ method: 'GET', url: `/identity/v3/projects/${pid}/users/${u.id}/roles`, token: admin })).json().roles;
      const revoke = await t.request({ method: 'DELETE', url: `/identity/v3/projects/${pid}/users/${u.id}/roles/${roles[0].id}`, token: admin });
      expect(revoke.status).toBe(204);
      keystoneError(await use(token), 403, 'FORBIDDEN');
    });
  });

  describe('catalog', () => {
    const EXPECTED = [
      ['platform', 'sysinv', '/sysinv/v1'],
      ['faultmanagement', 'fm', '/fm'],
      ['nfv', 'vim', '/nfv'],
      ['usm', 'usm', '/usm/'],
      ['identity', 'keystone', '/identity/v3'],
    ] as const;

    it('advertises only the services it serves: no dcmanager on a controller without its routes', async () => {
      const catalog = (await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))).json().token.catalog as Array<{ type: string }>;
      expect(catalog.map((c) => c.type).sort()).toEqual(['audit', 'faultmanagement', 'identity', 'nfv', 'platform', 'usm']);
      // What dcmanager's client would call first, were it listed.
      expect((await t.request({ method: 'GET', url: '/dcmanager/v1.0/subclouds', token: admin })).status).toBe(404);
      const services = (await t.request({ method: 'GET', url: '/identity/v3/services', token: admin })).json().services as Array<{ type: string }>;
      expect(services.map((s) => s.type).sort()).toEqual(catalog.map((c) => c.type).sort());
    });

    it('lists every service with public, internal and admin endpoints carrying region and region_id', async () => {
      const catalog = (await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))).json().token.catalog as Array<{
        id: string;
        type: string;
        name: string;
        endpoints: Array<Record<string, string>>;
      }>;
      for (const [type, name, path] of EXPECTED) {
        const entry = catalog.find((c) => c.type === type);
        expect(entry, type).toBeDefined();
        expect(entry!.name).toBe(name);
        expect(entry!.id.length).toBeGreaterThan(0);
        expect(entry!.endpoints.map((e) => e['interface']).sort()).toEqual(['admin', 'internal', 'public']);
        for (const endpoint of entry!.endpoints) {
          expect(Object.keys(endpoint).sort()).toEqual(['id', 'interface', 'region', 'region_id', 'url']);
          expect(endpoint['region']).toBe('RegionOne');
          expect(endpoint['region_id']).toBe('RegionOne');
          expect(endpoint['url']).toBe(`${BASE}${path}`);
        }
      }
      expect(catalog.find((c) => c.type === 'audit')?.endpoints[0]?.['url']).toBe(`${BASE}/audit/v1`);
      const endpointIds = catalog.flatMap((c) => c.endpoints.map((e) => e['id']));
      expect(new Set(endpointIds).size).toBe(endpointIds.length);
    });

    it('serves the same catalog at /identity/v3/auth/catalog and in a validated token', async () => {
      const issued = (await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))).json().token.catalog;
      const res = await t.request({ method: 'GET', url: '/identity/v3/auth/catalog', token: admin });
      expect(res.status).toBe(200);
      expect(res.json().catalog).toEqual(issued);
      expect((await validate(admin, admin)).json().token.catalog).toEqual(issued);
    });

    it('names the configured region', async () => {
      const other = await startTestController(dialect, { config: { advertiseUrl: BASE, region: 'SystemController' } });
      try {
        const catalog = (await issueToken(other, passwordAuth({ name: 'admin' }, other.adminPassword))).json().token.catalog;
        const platform = catalog.find((c: { type: string }) => c.type === 'platform');
        expect(platform.endpoints.every((e: Record<string, string>) => e['region'] === 'SystemController' && e['region_id'] === 'SystemController')).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  describe('expiry', () => {
    it('expires tokens after the configured lifetime, measured on the controller clock', async () => {
      const token = await t.adminToken();
      const issued = (await validate(admin, token)).json().token;
      expect(Date.parse(issued.expires_at) - Date.parse(issued.issued_at)).toBe(HOUR_MS);
      clock.advance(HOUR_MS - 1000);
      expect((await use(token)).status).toBe(200);
      clock.advance(1000);
      keystoneError(await use(token), 401, 'UNAUTHENTICATED');
      const fresh = await t.adminToken();
      keystoneError(await validate(fresh, token), 404, 'NOT_FOUND');
      admin = fresh;
    });

    it('honours a shorter configured lifetime', async () => {
      const shortClock = createManualClock();
      const other = await startTestController(dialect, { clock: shortClock, config: { tokenTtlSeconds: 120 } });
      try {
        const res = await issueToken(other, passwordAuth({ name: 'admin' }, other.adminPassword));
        const token = res.json().token;
        expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(120_000);
        const secret = String(res.headers['x-subject-token']);
        shortClock.advance(119_000);
        expect((await other.request({ method: 'GET', url: '/identity/v3/users', token: secret })).status).toBe(200);
        shortClock.advance(1_000);
        expect((await other.request({ method: 'GET', url: '/identity/v3/users', token: secret })).status).toBe(401);
      } finally {
        await other.close();
      }
    });
  });
});
