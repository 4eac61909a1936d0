import { internalContext } from '@murmuration/core/common';
import { createController, createLogger, openDataDirAdmin } from '@murmuration/server';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { startTestController } from './support/test-controller.js';

const quiet = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

const login = (controller: Awaited<ReturnType<typeof createController>>, password: string) =>
  controller.http.inject({
    method: 'POST',
    url: '/identity/v3/auth/tokens',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } } } }),
  });

describe.each(testDialects())('resetting the admin password from the data directory on %s', (dialect) => {
  it('sets a new password, lifts a lockout, revokes the tokens and audits it, on a stopped controller', async () => {
    const t = await startTestController(dialect);
    const config = t.controller.config;
    const oldToken = await t.adminToken();
    const admin = (await t.controller.store.repos.users.findByName('admin'))!;
    // Locked out, as after too many wrong passwords.
    await t.controller.store.repos.users.setLoginState(admin.id, 5, Date.now() + 3_600_000);
    await t.controller.close();

    const tools = await openDataDirAdmin(config);
    const ctx = internalContext('req-reset-test', '/admin/reset-password');
    let password: string;
    try {
      ({ password } = await tools.identity.users.resetPassword(ctx, 'admin'));
    } finally {
      await tools.close();
    }
    expect(password).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{23}$/);

    const again = await createController(config, { logger: quiet() });
    try {
      await again.http.ready();
      expect((await login(again, t.adminPassword)).statusCode).toBe(401);
      expect((await login(again, password)).statusCode).toBe(201);
      const check = await again.http.inject({ method: 'GET', url: '/identity/v3/auth/tokens', headers: { 'x-auth-token': oldToken, 'x-subject-token': oldToken } });
      expect(check.statusCode).toBe(401);
      const { entries } = await again.services.audit.list({ limit: 1000 });
      // Newest first: the tokens were revoked inside the reset.
      expect(entries.filter((e) => e.path === '/admin/reset-password').map((e) => [e.event, e.detail])).toEqual([
        ['request', 'password of admin reset from the data directory'],
        ['token.revoke', '1 token(s) of admin revoked: password reset from the data directory'],
      ]);
      expect(await again.services.audit.verify()).toMatchObject({ intact: true });
    } finally {
      await again.close();
      await t.db.drop();
    }
  });

  it('names the user it cannot find', async () => {
    const t = await startTestController(dialect);
    await t.controller.close();
    const tools = await openDataDirAdmin(t.controller.config);
    try {
      await expect(tools.identity.users.resetPassword(internalContext('req-reset-test', '/admin/reset-password'), 'nobody')).rejects.toThrow('Could not find user: nobody.');
    } finally {
      await tools.close();
      await t.db.drop();
    }
  });
});
