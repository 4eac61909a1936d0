import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, hasPostgres, type TestDatabase } from '../test-support/databases.js';
import { rawQuery } from '../test-support/raw-database.js';
import { jsonCall } from './support/json-call.js';
import { adminToken, startController, stopController, type RunningController } from './support/murmur-process.js';

const PASSWORD = 'Sturdy-Pass-4821!';

/** Polls until `check` holds, failing after `ms`: what one replica does shows on another within a short bound. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const until = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two controllers over one PostgreSQL: a token one revokes, or makes stale, is refused by the other at once. */
describe.skipIf(!hasPostgres())('token caches of two controllers over one PostgreSQL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-replica-caches-'));
  let db: TestDatabase;
  let a: RunningController;
  let b: RunningController;
  let admin = '';
  const ids = { user: '', project: '', member: '' };

  /** The status of a read any role on the project allows, with `token`. */
  const readStatus = async (url: string, token: string) =>
    (await fetch(`${url}/sysinv/v1/isystems`, { headers: { 'x-auth-token': token } })).status;
  const call = (url: string, method: string, route: string, body?: unknown) =>
    jsonCall(url, admin, method, route, body);
  const login = async (url: string): Promise<string> => {
    const res = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'carol', password: PASSWORD, domain: { name: 'Default' } } } },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      }),
    });
    expect(res.status).toBe(201);
    return res.headers.get('x-subject-token')!;
  };
  /** A token of carol's issued by A that both controllers accept (so both hold it validated). */
  const acceptedByBoth = async (): Promise<string> => {
    const token = await login(a.url);
    expect(await readStatus(a.url, token)).toBe(200);
    expect(await readStatus(b.url, token)).toBe(200);
    return token;
  };
  /** Revokes a token on A (`DELETE /v3/auth/tokens`); the status. */
  const revokeOnA = async (token: string) =>
    (await fetch(`${a.url}/identity/v3/auth/tokens`, { method: 'DELETE', headers: { 'x-auth-token': admin, 'x-subject-token': token } })).status;
  /** The backend of a controller's listening connection, as PostgreSQL lists it. */
  const listener = async (controller: RunningController) =>
    rawQuery(db.location, 'select pid from pg_stat_activity where application_name = ?', [`murmur-notices-${controller.process.pid}`]);

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    if (db.location.kind !== 'postgres') throw new Error('a PostgreSQL database is needed');
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ database: db.location.url, logLevel: 'warn' }));
    a = await startController(['--data', path.join(dir, 'a'), '--config', config]);
    b = await startController(['--data', path.join(dir, 'b'), '--config', config]);
    admin = await adminToken(a.url, a.adminPassword!);
    const created = await call(a.url, 'POST', '/identity/v3/users', { user: { name: 'carol', password: PASSWORD } });
    ids.user = created.user.id;
    ids.project = (await call(a.url, 'GET', '/identity/v3/projects?name=admin')).projects[0].id;
    ids.member = (await call(a.url, 'GET', '/identity/v3/roles?name=member')).roles[0].id;
    await call(a.url, 'PUT', `/identity/v3/projects/${ids.project}/users/${ids.user}/roles/${ids.member}`);
    await within(10_000, 'both controllers listen', async () => (await listener(a)).length === 1 && (await listener(b)).length === 1);
  });
  afterAll(async () => {
    await Promise.all([a && stopController(a), b && stopController(b)]);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses on B a token revoked on A', async () => {
    const token = await acceptedByBoth();
    expect(await revokeOnA(token)).toBe(204);
    await within(3000, 'B refuses the revoked token', async () => (await readStatus(b.url, token)) === 401);
    expect(await readStatus(a.url, token)).toBe(401);
  });

  it('refuses on A the token of a user disabled on B, and on B that of one whose role was removed on A', async () => {
    const token = await acceptedByBoth();
    await call(b.url, 'PATCH', `/identity/v3/users/${ids.user}`, { user: { enabled: false } });
    await within(3000, 'A refuses the disabled user', async () => (await readStatus(a.url, token)) === 401);
    await call(b.url, 'PATCH', `/identity/v3/users/${ids.user}`, { user: { enabled: true } });

    const next = await acceptedByBoth();
    await call(a.url, 'DELETE', `/identity/v3/projects/${ids.project}/users/${ids.user}/roles/${ids.member}`);
    // The token stands (Keystone's too), but no longer carries a role on the project.
    await within(3000, 'B sees the role gone', async () => (await readStatus(b.url, next)) === 403);
    await call(a.url, 'PUT', `/identity/v3/projects/${ids.project}/users/${ids.user}/roles/${ids.member}`);
    await within(3000, 'B sees the role back', async () => (await readStatus(b.url, next)) === 200);
  });

  it('refuses a token revoked while B could not hear of it: B noticed its listening connection lost', async () => {
    const token = await acceptedByBoth();
    const [before] = await listener(b);
    // Ended, and waited for: B cannot hear the revocation below on that connection.
    await rawQuery(db.location, 'select pg_terminate_backend(?, 5000)', [before!['pid']]);
    expect(await revokeOnA(token)).toBe(204);
    expect(await readStatus(b.url, token)).toBe(401);
    // B listens again, on a new connection, and hears the next revocation as before.
    await within(10_000, 'B listens again', async () => {
      const [now] = await listener(b);
      return now !== undefined && now['pid'] !== before!['pid'];
    });
    const next = await acceptedByBoth();
    expect(await revokeOnA(next)).toBe(204);
    await within(3000, 'B refuses the next revoked token', async () => (await readStatus(b.url, next)) === 401);
  });
});
