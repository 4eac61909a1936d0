import { compileConfig, ConfigError } from '@murmuration/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, createUser, issueToken, keystoneError, passwordAuth, strongPassword, type CreatedUser } from './support/api-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { startTestController, type InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/** `length` characters that repeat no short sequence. */
function varied(length: number): string {
  return Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7 + Math.floor(i / 26)) % 26))).join('');
}

const PASSPHRASE = 'the quiet heron waits beside the frozen river until the spring thaw arrives';
const TWELVE_EMOJI = '🐦🌊🌲🦊🌙⭐🍄🌵🐝🦉🌻🐢';

function expectRejected(res: InjectResult, rule: string): string {
  const message = keystoneError(res, 400, 'PASSWORD_POLICY');
  expect(message).toContain(`rule ${rule}`);
  return message;
}

describe.each(testDialects())('password policy on %s', (dialect) => {
  describe('default rules', () => {
    let admin: string;

    const t = useTestController(dialect);
    beforeAll(async () => {
      admin = await t.adminToken();
    });

    const create = (name: string, password: string) => t.request({ method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name, password } } });
    const exists = async (name: string) => (await t.request({ method: 'GET', url: `/identity/v3/users?name=${name}`, token: admin })).json().users.length > 0;
    const changeOwn = (u: { id: string }, original: string, password: string) =>
      t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: original, password } } });

    it.each([
      ['min_length', 'Tiny-pw-42', 'at least 12 characters long (got 10)'],
      ['min_length', TWELVE_EMOJI.slice(0, -2), 'got 11'],
      ['max_length', varied(257), 'at most 256 characters long (got 257)'],
      ['common_password', 'qwerty123456', 'commonly used'],
      ['common_password', 'P@ssw0rd2024!', 'commonly used'],
      ['common_password', 'LeaveMeAlone', 'commonly used'],
      ['contains_user_name', 'my-Sentinel-key-2026', 'user name'],
      ['repetitive', 'zzzzzzzzzzzzzz', 'repeated'],
      ['repetitive', 'xq9xq9xq9xq9xq9', 'repeated'],
    ])('rejects by rule %s: %s', async (rule, password, detail) => {
      const message = expectRejected(await create('sentinel', password), rule);
      expect(message).toContain(detail);
      expect(message).not.toContain(password);
      expect(await exists('sentinel')).toBe(false);
    });

    it.each([
      ['a 75-character passphrase with spaces', PASSPHRASE],
      ['exactly 256 characters', varied(256)],
      ['twelve emoji (characters are counted, not UTF-16 units)', TWELVE_EMOJI],
      ['a long passphrase that contains a common word', 'correct horse battery staple password vault'],
    ])('accepts %s, and the user can log in with it', async (_label, password) => {
      const name = `accepted-${Math.random().toString(36).slice(2, 8)}`;
      const res = await create(name, password);
      expect(res.status).toBe(201);
      expect((await issueToken(t, passwordAuth({ name }, password, null))).status).toBe(201);
    });

    it('applies the rules to a password an administrator sets and to a password a user changes', async () => {
      const u = await createUser(t, admin, 'keeper', { role: 'member' });
      expectRejected(await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { password: 'short' } } }), 'min_length');
      expectRejected(await changeOwn(u, u.password, 'qwerty123456'), 'common_password');
      expectRejected(await changeOwn(u, u.password, 'Keeper-of-the-keys-1'), 'contains_user_name');
      // Still the old password.
      expect((await issueToken(t, passwordAuth({ name: u.name }, u.password))).status).toBe(201);
    });

    it('refuses the current and the previous password, and allows the one before', async () => {
      const u = await createUser(t, admin, 'historian', { role: 'member' });
      const a = u.password;
      const b = strongPassword('second');
      const c = strongPassword('third');
      expectRejected(await changeOwn(u, a, a), 'password_history');
      expect((await changeOwn(u, a, b)).status).toBe(204);
      expect(expectRejected(await changeOwn(u, b, b), 'password_history')).toContain('last 2 passwords');
      expectRejected(await changeOwn(u, b, a), 'password_history');
      expectRejected(await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { password: a } } }), 'password_history');
      expect((await changeOwn(u, b, c)).status).toBe(204);
      // a is now three passwords back.
      expect((await changeOwn(u, c, a)).status).toBe(204);
      expect((await issueToken(t, passwordAuth({ name: u.name }, a))).status).toBe(201);
    });

    it('needs the current password to change it', async () => {
      const u = await createUser(t, admin, 'forgetful', { role: 'member' });
      keystoneError(await changeOwn(u, 'not-my-password-at-all', strongPassword('new')), 401, 'UNAUTHENTICATED');
      expect((await issueToken(t, passwordAuth({ name: u.name }, u.password))).status).toBe(201);
    });
  });

  describe('configured rules', () => {
    let admin: string;

    const t = useTestController(dialect, {
      config: {
        passwordPolicy: {
          minLength: 20,
          maxLength: 64,
          rejectCommon: false,
          rejectUserName: false,
          rejectRepetitive: false,
          historyCount: 0,
          lockoutFailures: 3,
          lockoutSeconds: 60,
        },
      },
    });
    beforeAll(async () => {
      admin = await t.adminToken();
    });

    const create = (name: string, password: string) => t.request({ method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name, password } } });

    it('uses the configured minimum and maximum length', async () => {
      expect(expectRejected(await create('lengthy', 'Glacier-Orbit-8841'), 'min_length')).toContain('at least 20 characters long (got 18)');
      expect(expectRejected(await create('lengthy', varied(65)), 'max_length')).toContain('at most 64');
      expect((await create('lengthy', varied(64))).status).toBe(201);
    });

    it('accepts what the switched-off rules would reject', async () => {
      expect((await create('common', 'qwerty123456qwerty123456')).status).toBe(201);
      expect((await create('sentinel', 'sentinel-sentinel-sentinel')).status).toBe(201);
      expect((await create('repeater', 'z'.repeat(30))).status).toBe(201);
    });

    it('allows reusing the current password when the history count is 0', async () => {
      const u = await createUser(t, admin, 'reuser', { role: 'member', password: 'Glacier-Orbit-8841-Reuse' });
      const res = await t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: u.password, password: u.password } } });
      expect(res.status).toBe(204);
    });

    it('locks after the configured number of failures for the configured time', async () => {
      const clock = createManualClock();
      const other = await startTestController(dialect, {
        clock,
        config: { passwordPolicy: { lockoutFailures: 3, lockoutSeconds: 60 } },
      });
      try {
        const u = await createUser(other, await other.adminToken(), 'trio', { role: 'member' });
        for (let i = 0; i < 3; i++) keystoneError(await issueToken(other, passwordAuth({ name: u.name }, 'wrong-password-123')), 401, 'UNAUTHENTICATED');
        keystoneError(await issueToken(other, passwordAuth({ name: u.name }, u.password)), 401, 'ACCOUNT_LOCKED');
        clock.advance(60_000);
        expect((await issueToken(other, passwordAuth({ name: u.name }, u.password))).status).toBe(201);
      } finally {
        await other.close();
      }
    });

    it('never locks when lockout is switched off', async () => {
      const other = await startTestController(dialect, { config: { passwordPolicy: { lockoutFailures: 0 } } });
      try {
        const u = await createUser(other, await other.adminToken(), 'unlockable', { role: 'member' });
        for (let i = 0; i < 8; i++) keystoneError(await issueToken(other, passwordAuth({ name: u.name }, 'wrong-password-123')), 401, 'UNAUTHENTICATED');
        expect((await issueToken(other, passwordAuth({ name: u.name }, u.password))).status).toBe(201);
      } finally {
        await other.close();
      }
    });
  });

  describe('lockout', () => {
    const clock = createManualClock();
    let admin: string;

    // The account lockout on its own: the throttle of failed logins per address has its own suite.
    const t = useTestController(dialect, { clock, config: { loginThrottle: { perSource: 0, perUser: 0 } } });
    beforeAll(async () => {
      admin = await t.adminToken();
    });

    const login = (u: CreatedUser, password: string) => issueToken(t, passwordAuth({ name: u.name }, password));
    const fail = async (u: CreatedUser, times: number) => {
      for (let i = 0; i < times; i++) keystoneError(await login(u, `wrong-password-${i}`), 401, 'UNAUTHENTICATED');
    };

    it('locks an account for 5 minutes after 5 wrong passwords, refusing even the right one, then unlocks', async () => {
      const u = await createUser(t, admin, 'locksmith', { role: 'member' });
      await fail(u, 5);
      const locked = await login(u, u.password);
      expect(keystoneError(locked, 401, 'ACCOUNT_LOCKED')).toBe(`The account is locked for user: ${u.id}.`);

      clock.advance(300_000 - 1);
      keystoneError(await login(u, u.password), 401, 'ACCOUNT_LOCKED');
      clock.advance(1);
      expect((await login(u, u.password)).status).toBe(201);
    });

    it('audits the lockout and every attempt made while locked', async () => {
      const u = await createUser(t, admin, 'audited-lock', { role: 'member' });
      await fail(u, 5);
      keystoneError(await login(u, u.password), 401, 'ACCOUNT_LOCKED');
      keystoneError(await login(u, 'wrong-while-locked'), 401, 'ACCOUNT_LOCKED');

      const entries = (await auditEntries(t, admin, `user=${u.name}`)).reverse();
      const auth = entries.filter((e) => e.event.startsWith('auth.'));
      expect(auth.map((e) => e.event)).toEqual(['auth.failure', 'auth.failure', 'auth.failure', 'auth.failure', 'auth.lockout', 'auth.failure', 'auth.failure']);
      for (const e of auth) {
        expect(e).toMatchObject({ user_id: u.id, user_name: u.name, outcome: 401, method: 'POST', path: '/identity/v3/auth/tokens', target: `user:${u.id}` });
      }
      expect(auth[4]?.detail).toBe('locked for 300 s after 5 failed logins');
      expect(auth[5]?.detail).toBe('account locked');
      expect(auth[6]?.detail).toBe('account locked');
      clock.advance(300_000);
    });

    it('locks an account guessed at with many passwords in parallel', async () => {
      const u = await createUser(t, admin, 'parallel', { role: 'member' });
      const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login(u, `parallel-guess-${i}`)));
      expect(guesses.every((r) => r.status === 401)).toBe(true);
      keystoneError(await login(u, u.password), 401, 'ACCOUNT_LOCKED');
      const lockouts = (await auditEntries(t, admin, `user=${u.name}&event=auth.lockout`)).length;
      expect(lockouts).toBeGreaterThanOrEqual(1);
      clock.advance(300_000);
      expect((await login(u, u.password)).status).toBe(201);
    });

    it('counts failures in a row: a successful login starts the count again', async () => {
      const u = await createUser(t, admin, 'streaky', { role: 'member' });
      await fail(u, 4);
      expect((await login(u, u.password)).status).toBe(201);
      await fail(u, 4);
      expect((await login(u, u.password)).status).toBe(201);
    });

    it('starts the count again once a lock has run out', async () => {
      const u = await createUser(t, admin, 'relapse', { role: 'member' });
      await fail(u, 5);
      clock.advance(300_000);
      await fail(u, 4);
      expect((await login(u, u.password)).status).toBe(201);
    });

    it('counts wrong current passwords on a password change, and refuses a change while locked', async () => {
      const u = await createUser(t, admin, 'changer', { role: 'member' });
      const change = (original: string) =>
        t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: original, password: strongPassword('fresh') } } });
      for (let i = 0; i < 5; i++) keystoneError(await change(`wrong-original-${i}`), 401, 'UNAUTHENTICATED');
      keystoneError(await change(u.password), 401, 'ACCOUNT_LOCKED');
      keystoneError(await login(u, u.password), 401, 'ACCOUNT_LOCKED');
      clock.advance(300_000);
      expect((await change(u.password)).status).toBe(204);
    });

    it('keeps the lock in the database, not only in memory', async () => {
      const u = await createUser(t, admin, 'persistent', { role: 'member' });
      await fail(u, 5);
      const stored = await t.controller.store.repos.users.findById(u.id);
      expect(stored?.lockedUntil).toBe(clock.now() + 300_000);
      clock.advance(300_000);
    });
  });

  it('refuses a policy that would truncate or contradict itself at start-up', () => {
    const defaults = { dataDir: '/tmp/murmur-policy', softwareVersion: 'test' };
    expect(() => compileConfig({ passwordPolicy: { maxLength: 32 } }, defaults)).toThrow(ConfigError);
    expect(() => compileConfig({ passwordPolicy: { maxLength: 32 } }, defaults)).toThrow('passwordPolicy.maxLength must be an integer of at least 64');
    expect(() => compileConfig({ passwordPolicy: { minLength: 100, maxLength: 80 } }, defaults)).toThrow('maxLength must not be below minLength');
    expect(() => compileConfig({ passwordPolicy: { historyCount: -1 } }, defaults)).toThrow('historyCount');
    expect(compileConfig({ passwordPolicy: { minLength: 20 } }, defaults).passwordPolicy).toMatchObject({
      minLength: 20,
      maxLength: 256,
      historyCount: 2,
    });
  });
});
