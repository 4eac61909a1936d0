import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { auditEntries, createUser, issueToken, keystoneError, passwordAuth } from '../support/api-helpers.js';
import { useTestController } from '../support/use-test-controller.js';

const CENTRAL = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

describe.each(testDialects())('the account a system controller holds on this controller on %s', (dialect) => {
  // The lockout on its own: the throttle of failed logins per address has its own suite.
  const t = useTestController(dialect, {
    config: {
      passwordPolicy: { lockoutFailures: 3, lockoutSeconds: 600 },
      loginThrottle: { perSource: 0, perUser: 0 },
    },
  });
  let admin: string;
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  it('is never locked by wrong passwords, which are still refused and audited; an ordinary user is', async () => {
    const created = (await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: {} })).json();
    const joined = await t.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: created.token, name: 'edge-1', system_controller: CENTRAL } });
    expect(joined.status, joined.body).toBe(200);
    const { account } = joined.json<{ account: { username: string; password: string } }>();
    const ordinary = await createUser(t, admin, 'ordinary', { role: 'member' });

    for (let i = 0; i < 5; i++) {
      keystoneError(await issueToken(t, passwordAuth({ name: account.username }, 'not-the-password-1')), 401, 'UNAUTHENTICATED');
      keystoneError(await issueToken(t, passwordAuth({ name: ordinary.name }, 'not-the-password-1')), 401, i < 3 ? 'UNAUTHENTICATED' : 'ACCOUNT_LOCKED');
    }
    expect((await issueToken(t, passwordAuth({ name: account.username }, account.password))).status).toBe(201);
    keystoneError(await issueToken(t, passwordAuth({ name: ordinary.name }, ordinary.password)), 401, 'ACCOUNT_LOCKED');
    const failures = (await auditEntries(t, admin)).filter((e) => e.user_name === account.username && e.event === 'auth.failure');
    // Newest first.
    expect(failures.map((e) => e.detail).slice(0, 2)).toEqual(['wrong password (5 in a row)', 'wrong password (4 in a row)']);
  });
});
