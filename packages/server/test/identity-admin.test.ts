import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createUser, grant, issueToken, keystoneError, passwordAuth, projectId, roleId, strongPassword } from './support/api-helpers.js';
import type { InjectOptions } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

const BASE = 'http://controller.example:6385';
/** Links name the host the caller used (as pecan's host_url does). */
const link = (path: string) => `http://controller.example:6385/identity/v3${path}`;
const HOST_HEADER = { host: 'controller.example:6385' };
const ID = /^[0-9a-f]{32}$/;

describe.each(testDialects())('identity administration on %s', (dialect) => {
  let admin: string;
  let adminId: string;
  let adminProject: string;

  const t = useTestController(dialect, { config: { advertiseUrl: BASE } });
  beforeAll(async () => {
    admin = await t.adminToken();
    const self = await t.request({ method: 'GET', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': admin } });
    adminId = self.json().token.user.id;
    adminProject = await projectId(t, admin, 'admin');
  });

  const req = (o: InjectOptions) => t.request({ token: admin, headers: HOST_HEADER, ...o });
  const userNames = async () => (await req({ method: 'GET', url: '/identity/v3/users' })).json().users.map((u: { name: string }) => u.name);

  describe('users', () => {
    it('creates, shows, lists, updates and deletes a user', async () => {
      const created = await req({
        method: 'POST',
        url: '/identity/v3/users',
        body: { user: { name: 'carol', password: strongPassword('cx'), email: 'carol@example.com', description: 'operator', default_project_id: adminProject } },
      });
      expect(created.status).toBe(201);
      const user = created.json().user;
      expect(user).toEqual({
        id: expect.stringMatching(ID),
        name: 'carol',
        domain_id: 'default',
        enabled: true,
        default_project_id: adminProject,
        description: 'operator',
        email: 'carol@example.com',
        password_expires_at: null,
        options: {},
        links: { self: link(`/users/${user.id}`) },
      });
      expect(JSON.stringify(created.json())).not.toContain('Glacier');

      const shown = await req({ method: 'GET', url: `/identity/v3/users/${user.id}` });
      expect(shown.status).toBe(200);
      expect(shown.json().user).toEqual(user);

      const listed = await req({ method: 'GET', url: '/identity/v3/users?name=carol' });
      expect(listed.json().users).toEqual([user]);
      expect(listed.json().links).toEqual({ self: link('/users'), previous: null, next: null });
      expect(await userNames()).toEqual(['admin', 'carol']);

      const updated = await req({ method: 'PATCH', url: `/identity/v3/users/${user.id}`, body: { user: { name: 'caroline', email: null, description: 'lead' } } });
      expect(updated.status).toBe(200);
      expect(updated.json().user).toMatchObject({ id: user.id, name: 'caroline', description: 'lead' });
      expect(updated.json().user.email).toBeUndefined();
      expect((await req({ method: 'GET', url: `/identity/v3/users/${user.id}` })).json().user.name).toBe('caroline');

      const disabled = await req({ method: 'GET', url: '/identity/v3/users?enabled=false' });
      expect(disabled.json().users).toEqual([]);

      const deleted = await req({ method: 'DELETE', url: `/identity/v3/users/${user.id}` });
      expect(deleted.status).toBe(204);
      expect(keystoneError(await req({ method: 'GET', url: `/identity/v3/users/${user.id}` }), 404, 'NOT_FOUND')).toContain(user.id);
      keystoneError(await req({ method: 'DELETE', url: `/identity/v3/users/${user.id}` }), 404, 'NOT_FOUND');
      expect(await userNames()).toEqual(['admin']);
    });

    it('creates a user without a password, who cannot log in', async () => {
      const res = await req({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'service-acct', enabled: false } } });
      expect(res.status).toBe(201);
      expect(res.json().user.enabled).toBe(false);
      keystoneError(await issueToken(t, passwordAuth({ name: 'service-acct' }, '')), 401, 'UNAUTHENTICATED');
      await req({ method: 'DELETE', url: `/identity/v3/users/${res.json().user.id}` });
    });

    it('refuses a default project that does not exist', async () => {
      const res = await req({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'lost', default_project_id: 'f'.repeat(32) } } });
      expect(keystoneError(res, 400, 'INVALID_INPUT')).toContain('default_project_id');
      expect(await userNames()).toEqual(['admin']);
    });

    it('lists the projects a user holds a role on', async () => {
      const u = await createUser(t, admin, 'projected', { role: 'reader' });
      const res = await req({ method: 'GET', url: `/identity/v3/users/${u.id}/projects` });
      expect(res.status).toBe(200);
      expect(res.json().projects.map((p: { name: string }) => p.name)).toEqual(['admin']);
      const own = await issueToken(t, passwordAuth({ name: u.name }, u.password));
      const ownToken = String(own.headers['x-subject-token']);
      const mine = await t.request({ method: 'GET', url: `/identity/v3/users/${u.id}/projects`, token: ownToken });
      expect(mine.status).toBe(200);
      const others = await t.request({ method: 'GET', url: `/identity/v3/users/${adminId}/projects`, token: ownToken });
      expect(keystoneError(others, 403, 'FORBIDDEN')).toContain('projects of another user');
      await req({ method: 'DELETE', url: `/identity/v3/users/${u.id}` });
    });
  });

  describe('projects', () => {
    it('creates, shows, lists, updates and deletes a project', async () => {
      const created = await req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'edge-east', description: 'east sites', tags: ['edge', 'east'] } } });
      expect(created.status).toBe(201);
      const project = created.json().project;
      expect(project).toEqual({
        id: expect.stringMatching(ID),
        name: 'edge-east',
        domain_id: 'default',
        description: 'east sites',
        enabled: true,
        parent_id: 'default',
        is_domain: false,
        tags: ['edge', 'east'],
        options: {},
        links: { self: link(`/projects/${project.id}`) },
      });
      expect((await req({ method: 'GET', url: `/identity/v3/projects/${project.id}` })).json().project).toEqual(project);
      const names = (await req({ method: 'GET', url: '/identity/v3/projects' })).json().projects.map((p: { name: string }) => p.name);
      expect(names).toEqual(['admin', 'edge-east', 'services']);

      const updated = await req({ method: 'PATCH', url: `/identity/v3/projects/${project.id}`, body: { project: { enabled: false, tags: [] } } });
      expect(updated.status).toBe(200);
      expect(updated.json().project).toMatchObject({ enabled: false, tags: [], name: 'edge-east' });

      expect((await req({ method: 'DELETE', url: `/identity/v3/projects/${project.id}` })).status).toBe(204);
      keystoneError(await req({ method: 'GET', url: `/identity/v3/projects/${project.id}` }), 404, 'NOT_FOUND');
    });

    it('refuses logins to a disabled project and takes tokens scoped to it out of service', async () => {
      const created = await req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'west' } } });
      const pid = created.json().project.id;
      const u = await createUser(t, admin, 'westerner', { role: 'member', project: 'west' });
      const token = await t.login(u.name, u.password, 'west');
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token })).status).toBe(200);
      expect((await req({ method: 'PATCH', url: `/identity/v3/projects/${pid}`, body: { project: { enabled: false } } })).status).toBe(200);
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token })).status).toBe(401);
      keystoneError(await issueToken(t, passwordAuth({ name: u.name }, u.password, { name: 'west' })), 401, 'UNAUTHENTICATED');
      await req({ method: 'DELETE', url: `/identity/v3/users/${u.id}` });
      await req({ method: 'DELETE', url: `/identity/v3/projects/${pid}` });
    });
  });

  describe('project lifecycle', () => {
    it('deleting a project takes its tokens, its assignments and the users\' default with it', async () => {
      const pid = (await req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'doomed-site' } } })).json().project.id;
      const u = await createUser(t, admin, 'site-operator', { role: 'member', project: 'doomed-site', extra: { default_project_id: pid } });
      const token = await t.login(u.name, u.password, 'doomed-site');
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token })).status).toBe(200);

      expect((await req({ method: 'DELETE', url: `/identity/v3/projects/${pid}` })).status).toBe(204);
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token })).status).toBe(401);
      expect((await req({ method: 'GET', url: `/identity/v3/role_assignments?user.id=${u.id}` })).json().role_assignments).toEqual([]);
      expect((await req({ method: 'GET', url: `/identity/v3/users/${u.id}` })).json().user.default_project_id).toBeUndefined();
      await req({ method: 'DELETE', url: `/identity/v3/users/${u.id}` });
    });

    it('records the new name of a renamed project for tokens already scoped to it', async () => {
      const pid = (await req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'old-name' } } })).json().project.id;
      const u = await createUser(t, admin, 'renamer', { role: 'admin', project: 'old-name' });
      const token = await t.login(u.name, u.password, 'old-name');
      expect((await t.request({ method: 'POST', url: '/identity/v3/roles', token, body: { role: { name: 'before-rename' } } })).status).toBe(201);
      expect((await req({ method: 'PATCH', url: `/identity/v3/projects/${pid}`, body: { project: { name: 'new-name' } } })).status).toBe(200);
      const res = await t.request({ method: 'POST', url: '/identity/v3/roles', token, headers: { 'x-openstack-request-id': 'req-after-rename' }, body: { role: { name: 'after-rename' } } });
      expect(res.status).toBe(201);
      const entries = (await req({ method: 'GET', url: '/audit/v1/entries?limit=20' })).json().entries as Array<{ request_id: string; project_name: string }>;
      expect(entries.find((e) => e.request_id === 'req-after-rename')?.project_name).toBe('new-name');
      const validated = await req({ method: 'GET', url: '/identity/v3/auth/tokens', headers: { ...HOST_HEADER, 'x-subject-token': token } });
      expect(validated.json().token.project.name).toBe('new-name');

      for (const name of ['before-rename', 'after-rename']) {
        const rid = await roleId(t, admin, name);
        await req({ method: 'DELETE', url: `/identity/v3/roles/${rid}` });
      }
      await req({ method: 'DELETE', url: `/identity/v3/users/${u.id}` });
      await req({ method: 'DELETE', url: `/identity/v3/projects/${pid}` });
    });
  });

  describe('roles and assignments', () => {
    it('creates, renames and deletes a custom role; built-in roles stay', async () => {
      const created = await req({ method: 'POST', url: '/identity/v3/roles', body: { role: { name: 'auditor', description: 'reads the audit log' } } });
      expect(created.status).toBe(201);
      const role = created.json().role;
      expect(role).toEqual({ id: expect.stringMatching(ID), name: 'auditor', domain_id: null, description: 'reads the audit log', options: {}, links: { self: link(`/roles/${role.id}`) } });
      const renamed = await req({ method: 'PATCH', url: `/identity/v3/roles/${role.id}`, body: { role: { name: 'inspector' } } });
      expect(renamed.json().role.name).toBe('inspector');
      const names = (await req({ method: 'GET', url: '/identity/v3/roles' })).json().roles.map((r: { name: string }) => r.name);
      expect(names).toEqual(['admin', 'inspector', 'member', 'reader']);
      expect((await req({ method: 'DELETE', url: `/identity/v3/roles/${role.id}` })).status).toBe(204);
      keystoneError(await req({ method: 'GET', url: `/identity/v3/roles/${role.id}` }), 404, 'NOT_FOUND');

      const adminRole = await roleId(t, admin, 'admin');
      expect(keystoneError(await req({ method: 'DELETE', url: `/identity/v3/roles/${adminRole}` }), 409, 'CONFLICT')).toContain('built-in');
      expect(keystoneError(await req({ method: 'PATCH', url: `/identity/v3/roles/${adminRole}`, body: { role: { name: 'root' } } }), 409, 'CONFLICT')).toContain(
        'built-in',
      );
      expect((await req({ method: 'GET', url: `/identity/v3/roles/${adminRole}` })).json().role.name).toBe('admin');
    });

    it('grants, checks, lists and revokes a role assignment', async () => {
      const u = await createUser(t, admin, 'assigned', { role: null });
      const reader = await roleId(t, admin, 'reader');
      const url = `/identity/v3/projects/${adminProject}/users/${u.id}/roles/${reader}`;
      keystoneError(await req({ method: 'GET', url }), 404, 'NOT_FOUND');
      keystoneError(await issueToken(t, passwordAuth({ name: u.name }, u.password)), 401, 'UNAUTHENTICATED');

      expect((await req({ method: 'PUT', url })).status).toBe(204);
      expect((await req({ method: 'PUT', url })).status).toBe(204);
      expect((await req({ method: 'GET', url })).status).toBe(204);

      const list = await req({ method: 'GET', url: `/identity/v3/role_assignments?user.id=${u.id}&include_names=true` });
      expect(list.status).toBe(200);
      expect(list.json().role_assignments).toEqual([
        {
          role: { id: reader, name: 'reader' },
          user: { id: u.id, name: 'assigned', domain: { id: 'default', name: 'Default' } },
          scope: { project: { id: adminProject, name: 'admin', domain: { id: 'default', name: 'Default' } } },
          links: { assignment: `http://controller.example:6385${url}` },
        },
      ]);
      const byRole = await req({ method: 'GET', url: `/identity/v3/role_assignments?role.id=${reader}&scope.project.id=${adminProject}` });
      expect(byRole.json().role_assignments.map((a: { user: { id: string } }) => a.user.id)).toEqual([u.id]);
      const roles = await req({ method: 'GET', url: `/identity/v3/projects/${adminProject}/users/${u.id}/roles` });
      expect(roles.json().roles.map((r: { name: string }) => r.name)).toEqual(['reader']);

      const token = await t.login(u.name, u.password);
      const validated = await t.request({ method: 'GET', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': token } });
      expect(validated.json().token.roles.map((r: { name: string }) => r.name)).toEqual(['reader']);

      expect((await req({ method: 'DELETE', url })).status).toBe(204);
      keystoneError(await req({ method: 'GET', url }), 404, 'NOT_FOUND');
      keystoneError(await req({ method: 'DELETE', url }), 404, 'NOT_FOUND');
      expect((await req({ method: 'GET', url: `/identity/v3/role_assignments?user.id=${u.id}` })).json().role_assignments).toEqual([]);
      await req({ method: 'DELETE', url: `/identity/v3/users/${u.id}` });
    });

    it('names the missing part of an assignment', async () => {
      const reader = await roleId(t, admin, 'reader');
      const nobody = 'a'.repeat(32);
      expect(keystoneError(await req({ method: 'PUT', url: `/identity/v3/projects/${adminProject}/users/${nobody}/roles/${reader}` }), 404, 'NOT_FOUND')).toContain(
        `user: ${nobody}`,
      );
      expect(keystoneError(await req({ method: 'PUT', url: `/identity/v3/projects/${nobody}/users/${adminId}/roles/${reader}` }), 404, 'NOT_FOUND')).toContain(
        `project: ${nobody}`,
      );
      expect(keystoneError(await req({ method: 'PUT', url: `/identity/v3/projects/${adminProject}/users/${adminId}/roles/${nobody}` }), 404, 'NOT_FOUND')).toContain(
        `role: ${nobody}`,
      );
    });
  });

  describe('authorization', () => {
    let reader: string;
    let member: string;
    let victimId: string;

    beforeAll(async () => {
      const r = await createUser(t, admin, 'reader-user', { role: 'reader' });
      const m = await createUser(t, admin, 'member-user', { role: 'member' });
      victimId = (await createUser(t, admin, 'victim', { role: 'member' })).id;
      reader = await t.login(r.name, r.password);
      member = await t.login(m.name, m.password);
    });

    const MUTATIONS = (): InjectOptions[] => [
      { method: 'POST', url: '/identity/v3/users', body: { user: { name: 'intruder' } } },
      { method: 'PATCH', url: `/identity/v3/users/${victimId}`, body: { user: { enabled: false } } },
      { method: 'DELETE', url: `/identity/v3/users/${victimId}` },
      { method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'rogue' } } },
      { method: 'DELETE', url: `/identity/v3/projects/${adminProject}` },
      { method: 'POST', url: '/identity/v3/roles', body: { role: { name: 'rogue' } } },
      { method: 'PUT', url: `/identity/v3/projects/${adminProject}/users/${victimId}/roles/${'0'.repeat(32)}` },
    ];

    it.each(['reader', 'member'] as const)('lets a %s read but not change anything (403)', async (who) => {
      const token = who === 'reader' ? reader : member;
      for (const url of ['/identity/v3/users', '/identity/v3/projects', '/identity/v3/roles', '/identity/v3/role_assignments', '/sysinv/v1/isystems']) {
        expect((await t.request({ method: 'GET', url, token })).status, url).toBe(200);
      }
      const before = await userNames();
      for (const mutation of MUTATIONS()) {
        const res = await t.request({ ...mutation, token });
        expect(keystoneError(res, 403, 'FORBIDDEN'), `${mutation.method} ${mutation.url}`).toContain('admin role');
      }
      expect(await userNames()).toEqual(before);
      expect((await req({ method: 'GET', url: `/identity/v3/users/${victimId}` })).json().user.enabled).toBe(true);
      expect((await t.request({ method: 'GET', url: '/audit/v1/entries', token })).status).toBe(403);
    });

    it('answers 401 to requests without a token, reads and changes alike', async () => {
      for (const mutation of [{ method: 'GET', url: '/identity/v3/users' } as InjectOptions, ...MUTATIONS()]) {
        const res = await t.request({ ...mutation, token: null });
        expect(keystoneError(res, 401, 'UNAUTHENTICATED'), `${mutation.method} ${mutation.url}`).toContain('requires authentication');
        expect(res.headers['www-authenticate']).toContain('Keystone');
      }
    });

    it('answers 401 to a token that is not one', async () => {
      keystoneError(await t.request({ method: 'POST', url: '/identity/v3/users', token: 'forged-token', body: { user: { name: 'x' } } }), 401, 'UNAUTHENTICATED');
      expect(await userNames()).not.toContain('x');
    });
  });

  describe('self-protection', () => {
    it('refuses to delete or disable the user of the token', async () => {
      expect(keystoneError(await req({ method: 'DELETE', url: `/identity/v3/users/${adminId}` }), 409, 'CONFLICT')).toContain('authenticated as');
      expect(keystoneError(await req({ method: 'PATCH', url: `/identity/v3/users/${adminId}`, body: { user: { enabled: false } } }), 409, 'CONFLICT')).toContain(
        'authenticated as',
      );
      expect((await req({ method: 'GET', url: `/identity/v3/users/${adminId}` })).json().user.enabled).toBe(true);
      expect((await req({ method: 'GET', url: '/identity/v3/users' })).status).toBe(200);
    });

    it('refuses to remove its own admin role, or delete or disable the project it is scoped to', async () => {
      const adminRole = await roleId(t, admin, 'admin');
      keystoneError(await req({ method: 'DELETE', url: `/identity/v3/projects/${adminProject}/users/${adminId}/roles/${adminRole}` }), 409, 'CONFLICT');
      keystoneError(await req({ method: 'DELETE', url: `/identity/v3/projects/${adminProject}` }), 409, 'CONFLICT');
      keystoneError(await req({ method: 'PATCH', url: `/identity/v3/projects/${adminProject}`, body: { project: { enabled: false } } }), 409, 'CONFLICT');
      expect((await req({ method: 'GET', url: `/identity/v3/projects/${adminProject}/users/${adminId}/roles/${adminRole}` })).status).toBe(204);
      expect((await req({ method: 'GET', url: `/identity/v3/projects/${adminProject}` })).json().project.enabled).toBe(true);
    });

    it('lets another administrator disable an administrator', async () => {
      const second = await createUser(t, admin, 'second-admin', { role: 'admin' });
      const token = await t.login(second.name, second.password);
      const res = await t.request({ method: 'PATCH', url: `/identity/v3/users/${second.id}`, token: admin, body: { user: { enabled: false } } });
      expect(res.status).toBe(200);
      expect((await t.request({ method: 'GET', url: '/identity/v3/users', token })).status).toBe(401);
    });
  });

  describe('duplicates', () => {
    it('answers 409 to a second user, project or role of the same name and changes nothing', async () => {
      const dup = await createUser(t, admin, 'twin', { role: null });
      const users = await userNames();
      expect(keystoneError(await req({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'twin' } } }), 409, 'CONFLICT')).toContain('twin');
      expect(keystoneError(await req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'services' } } }), 409, 'CONFLICT')).toContain('services');
      expect(keystoneError(await req({ method: 'POST', url: '/identity/v3/roles', body: { role: { name: 'reader' } } }), 409, 'CONFLICT')).toContain('reader');
      const other = await createUser(t, admin, 'single', { role: null });
      keystoneError(await req({ method: 'PATCH', url: `/identity/v3/users/${other.id}`, body: { user: { name: 'twin' } } }), 409, 'CONFLICT');
      const projectsId = await projectId(t, admin, 'services');
      keystoneError(await req({ method: 'PATCH', url: `/identity/v3/projects/${projectsId}`, body: { project: { name: 'admin' } } }), 409, 'CONFLICT');

      expect(await userNames()).toEqual([...users, 'single'].sort());
      expect((await req({ method: 'GET', url: '/identity/v3/projects' })).json().projects.map((p: { name: string }) => p.name)).toEqual(['admin', 'services']);
      expect((await req({ method: 'GET', url: '/identity/v3/roles?name=reader' })).json().roles).toHaveLength(1);
      expect((await req({ method: 'GET', url: `/identity/v3/users/${dup.id}` })).json().user.name).toBe('twin');
    });

    it('lets only one of two simultaneous creations of the same name succeed', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => req({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'raced' } } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect((await req({ method: 'GET', url: '/identity/v3/projects?name=raced' })).json().projects).toHaveLength(1);
    });
  });

  it('grants a role on another project so that the user can scope to it', async () => {
    const u = await createUser(t, admin, 'multi', { role: 'reader' });
    await grant(t, admin, 'services', u.id, 'member');
    const res = await issueToken(t, passwordAuth({ name: u.name }, u.password, { name: 'services' }));
    expect(res.status).toBe(201);
    expect(res.json().token.roles.map((r: { name: string }) => r.name)).toEqual(['member']);
  });
});
