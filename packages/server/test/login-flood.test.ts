import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, createUser, keystoneError, passwordAuth, type CreatedUser } from './support/api-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

const OPERATOR_ADDRESS = '10.1.0.1';

describe.each(testDialects())('failed-login floods on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-03-01T00:00:00Z'));
  let admin: string;

  // A hash that costs a few milliseconds, so that the flood queues up behind the checks.
  const t = useTestController(dialect, { clock, config: { passwordHashCost: { ln: 13 } } });
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const login = (name: string, password: string, from: string): Promise<InjectResult> =>
    t.request({ method: 'POST', url: '/identity/v3/auth/tokens', body: passwordAuth({ name }, password), remoteAddress: from });
  const entriesFrom = async (source: string) => (await auditEntries(t, admin, 'limit=10000')).filter((e) => e.source === source);

  it('answers a valid login ahead of a flood of wrong passwords from many addresses', async () => {
    expect((await login('admin', t.adminPassword, OPERATOR_ADDRESS)).status).toBe(201);
    const targets: CreatedUser[] = [];
    for (let i = 0; i < 20; i++) targets.push(await createUser(t, admin, `flood-target-${i}`, { role: 'member' }));

    const finished: string[] = [];
    const flood = targets.flatMap((u, i) =>
      Array.from({ length: 6 }, (_, k) => login(u.name, `wrong-${k}`, `10.9.0.${i + 1}`).then((r) => (finished.push('flood'), r))),
    );
    const operator = login('admin', t.adminPassword, OPERATOR_ADDRESS).then((r) => (finished.push('operator'), r));
    const [answered, ...guesses] = await Promise.all([operator, ...flood]);

    expect(answered.status, answered.body).toBe(201);
    expect(guesses.every((r) => r.status === 401)).toBe(true);
    expect(finished).toHaveLength(121);
    // The operator's check waits only for those already running, not for the queue: in arrival
    // order it would come last; a few guesses may finish while its request is being read.
    expect(finished.indexOf('operator')).toBeLessThan(30);
  });

  it('throttles one address: 429 with Retry-After past the limit, audited once per window', async () => {
    const u = await createUser(t, admin, 'single-source-victim', { role: 'member' });
    const source = '10.8.0.1';
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => login(`${u.name}-${i % 7}`, `wrong-${i}`, source)));
    const throttled = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(10);
    expect(throttled).toHaveLength(290);
    for (const r of throttled) {
      expect(keystoneError(r, 429, 'TOO_MANY_REQUESTS')).toMatch(/^Too many failed logins; retry in \d+ s\.$/);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // Guesses at unknown names and the refusals: the first of each written, the rest counted.
    const entries = await entriesFrom(source);
    expect(entries.map((e) => [e.outcome, e.detail]).sort()).toEqual([
      [401, 'unknown user'],
      [429, `too many failed logins from ${source}`],
    ]);

    // The right password from that address waits out the window like everything else from it.
    expect((await login(u.name, u.password, source)).status).toBe(429);
    clock.advance(60_000);
    expect((await login(u.name, u.password, source)).status).toBe(201);
    await t.controller.services.audit.flushRepeated();
    const counted = (await entriesFrom(source)).map((e) => e.detail).filter((d) => d?.includes('counted'));
    expect(counted.sort()).toEqual([
      expect.stringMatching(new RegExp(`^too many failed logins from ${source.replaceAll('.', '\\.')}: 290 more times from `)),
      expect.stringMatching(/^unknown user: 9 more times from /),
    ]);
  });

  it('throttles one user name guessed at from many addresses', async () => {
    const u = await createUser(t, admin, 'spread-victim', { role: 'member' });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(u.name, `wrong-${i}`, `10.7.0.${i + 1}`)));
    expect(answers.filter((r) => r.status === 429)).toHaveLength(30);
    const throttledEntries = (await auditEntries(t, admin, `user=${u.name}`)).filter((e) => e.outcome === 429);
    expect(throttledEntries.map((e) => e.detail)).toEqual([`too many failed logins for user ${u.name}`]);
    // When the window has closed, one more entry counts the refusals that were not written.
    clock.advance(60_000);
    await t.controller.services.audit.flushRepeated();
    const counted = (await auditEntries(t, admin, `user=${u.name}`)).filter((e) => e.outcome === 429);
    expect(counted[0]!.detail).toMatch(new RegExp(`^too many failed logins for user ${u.name}: 29 more times since `));
    clock.advance(300_000);
  });

  it('writes one entry per address and window for a flood of invalid tokens, and the count when the window closes', async () => {
    const source = '10.6.0.1';
    const before = (await entriesFrom(source)).length;
    for (let i = 0; i < 200; i++) {
      const res = await t.request({ method: 'POST', url: '/identity/v3/projects', token: `not-a-token-${i}`, body: { project: { name: `p${i}` } }, remoteAddress: source });
      expect(res.status).toBe(401);
    }
    expect((await entriesFrom(source)).length - before).toBe(1);
    clock.advance(60_000);
    await t.controller.services.audit.flushRepeated();
    const entries = await entriesFrom(source);
    expect(entries.length - before).toBe(2);
    expect(entries[0]!.detail).toMatch(/^invalid, expired or revoked token: 199 more times from 10\.6\.0\.1 since 2026-03-01T00:\d\d:\d\d\.\d{3}Z \(counted, not written one by one\)$/);
    expect((await t.request({ method: 'GET', url: '/audit/v1/verify', token: admin })).json().intact).toBe(true);
  });
});
