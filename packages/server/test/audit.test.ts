import { auditDigestInput, type AuditEvent } from '@murmuration/core/audit';
import { internalContext } from '@murmuration/core/common';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { rawQuery, type RawRow } from '../../../test-support/raw-database.js';
import { auditEntries, createUser, issueToken, keystoneError, passwordAuth, projectId, strongPassword, type AuditRow } from './support/api-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import type { TestController } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

const HASH = /^[0-9a-f]{64}$/;

/** The hash an entry must carry, recomputed from a raw `audit_log` row. */
function rowHash(row: RawRow): string {
  const text = (key: string) => (row[key] === null ? null : String(row[key]));
  return createHash('sha256')
    .update(
      auditDigestInput(Number(row['seq']), String(row['prev_hash']), {
        time: Number(row['at']),
        requestId: String(row['request_id']),
        event: String(row['event']) as AuditEvent,
        userId: text('user_id'),
        userName: text('user_name'),
        projectId: text('project_id'),
        projectName: text('project_name'),
        source: String(row['source']),
        method: String(row['method']),
        path: String(row['path']),
        target: text('target'),
        outcome: Number(row['outcome']),
        detail: text('detail'),
      }),
    )
    .digest('hex');
}

const AUDIT_COLUMNS = ['seq', 'at', 'request_id', 'event', 'user_id', 'user_name', 'project_id', 'project_name', 'source', 'method', 'path', 'target', 'outcome', 'detail', 'prev_hash', 'hash'];

describe.each(testDialects())('audit log on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-02-01T08:00:00Z'));
  let admin: string;
  let adminId: string;
  let adminProject: string;

  const t = useTestController(dialect, { clock });
  beforeAll(async () => {
    admin = await t.adminToken();
    adminId = (await t.request({ method: 'GET', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': admin } })).json().token.user.id;
    adminProject = await projectId(t, admin, 'admin');
  });

  const byRequest = async (requestId: string) => (await auditEntries(t, admin, 'limit=10000')).filter((e) => e.request_id === requestId);
  const verify = async () => {
    const res = await t.request({ method: 'GET', url: '/audit/v1/verify', token: admin });
    expect(res.status).toBe(200);
    return res.json<{
      intact: boolean;
      checked: number;
      head_seq: number;
      first_bad_seq: number | null;
      problem: string | null;
      problems: { seq: number; problem: string }[];
      problem_count: number;
    }>();
  };

  describe('entries', () => {
    it('records a change with who, what, where, when and the outcome, chained to its predecessor', async () => {
      clock.advance(1000);
      const res = await t.request({
        method: 'POST',
        url: '/identity/v3/projects',
        token: admin,
        headers: { 'x-openstack-request-id': 'req-audit-create-project' },
        body: { project: { name: 'audited' } },
      });
      expect(res.status).toBe(201);
      expect(res.headers['x-openstack-request-id']).toBe('req-audit-create-project');
      const pid = res.json().project.id;

      const entries = await byRequest('req-audit-create-project');
      expect(entries).toHaveLength(1);
      const entry = entries[0]!;
      expect(entry).toEqual({
        seq: expect.any(Number),
        time: new Date(clock.now()).toISOString(),
        request_id: 'req-audit-create-project',
        event: 'request',
        user_id: adminId,
        user_name: 'admin',
        project_id: adminProject,
        project_name: 'admin',
        source: '127.0.0.1',
        method: 'POST',
        path: '/identity/v3/projects',
        target: `project:${pid}`,
        outcome: 201,
        detail: 'project audited created',
        prev_hash: expect.stringMatching(HASH),
        hash: expect.stringMatching(HASH),
      });
      const previous = (await auditEntries(t, admin, `marker=${entry.seq}&limit=1`))[0]!;
      expect(previous.seq).toBe(entry.seq - 1);
      expect(entry.prev_hash).toBe(previous.hash);
    });

    it('records successful and failed logins and token revocations as auth events', async () => {
      const u = await createUser(t, admin, 'eventful', { role: 'member' });
      const ok = await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', headers: { 'x-openstack-request-id': 'req-login-ok' }, body: passwordAuth({ name: u.name }, u.password) });
      expect(ok.status).toBe(201);
      const auditId = ok.json().token.audit_ids[0];
      expect(await byRequest('req-login-ok')).toEqual([
        expect.objectContaining({
          event: 'auth.success',
          user_id: u.id,
          user_name: u.name,
          project_id: adminProject,
          project_name: 'admin',
          target: `token:${auditId}`,
          outcome: 201,
          detail: 'password login scoped to admin',
        }),
      ]);

      await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', headers: { 'x-openstack-request-id': 'req-login-bad' }, body: passwordAuth({ name: u.name }, 'wrong-password-x') });
      expect(await byRequest('req-login-bad')).toEqual([
        expect.objectContaining({ event: 'auth.failure', user_id: u.id, user_name: u.name, outcome: 401, target: `user:${u.id}`, detail: 'wrong password (1 in a row)' }),
      ]);

      await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', headers: { 'x-openstack-request-id': 'req-login-unknown' }, body: passwordAuth({ name: 'ghost-user' }, 'whatever-password') });
      expect(await byRequest('req-login-unknown')).toEqual([
        expect.objectContaining({ event: 'auth.failure', user_id: null, user_name: 'ghost-user', outcome: 401, detail: 'unknown user' }),
      ]);

      await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: 'forged-token', headers: { 'x-openstack-request-id': 'req-bad-token' } });
      expect(await byRequest('req-bad-token')).toEqual([
        expect.objectContaining({ event: 'auth.failure', method: 'GET', path: '/sysinv/v1/isystems', user_id: null, outcome: 401 }),
      ]);

      const subject = String(ok.headers['x-subject-token']);
      const revoke = await t.request({
        method: 'DELETE',
        url: '/identity/v3/auth/tokens',
        token: admin,
        headers: { 'x-subject-token': subject, 'x-openstack-request-id': 'req-revoke' },
      });
      expect(revoke.status).toBe(204);
      expect(await byRequest('req-revoke')).toEqual([
        expect.objectContaining({ event: 'token.revoke', user_name: 'admin', target: `token:${auditId}`, outcome: 204, detail: `token of ${u.name} revoked` }),
      ]);
    });

    it('records refused and malformed changes with their outcome, but not reads', async () => {
      const r = await createUser(t, admin, 'refused-reader', { role: 'reader' });
      const reader = await t.login(r.name, r.password);
      const cases: Array<[string, Parameters<TestController['request']>[0], number, string | null]> = [
        ['req-forbidden', { method: 'POST', url: '/identity/v3/users', token: reader, body: { user: { name: 'nope' } } }, 403, 'FORBIDDEN:'],
        ['req-invalid', { method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name: 'nope', colour: 'red' } } }, 400, 'INVALID_INPUT:'],
        ['req-malformed', { method: 'POST', url: '/identity/v3/users', token: admin, rawBody: '{"user": ' }, 400, 'MALFORMED_BODY:'],
        ['req-anonymous', { method: 'DELETE', url: `/identity/v3/users/${adminId}`, token: null }, 401, 'UNAUTHENTICATED:'],
        ['req-no-route', { method: 'POST', url: '/sysinv/v1/nowhere', token: admin, body: {} }, 404, 'ROUTE_NOT_FOUND:'],
        ['req-long-url', { method: 'DELETE', url: `/identity/v3/users/${'a'.repeat(300)}`, token: admin }, 400, 'INVALID_INPUT:'],
        ['req-bad-url', { method: 'PATCH', url: '/sysinv/v1/isystems/%E0%A4%A', token: admin, body: [] }, 400, 'INVALID_INPUT:'],
      ];
      for (const [requestId, request, status, detail] of cases) {
        const res = await t.request({ ...request, headers: { 'x-openstack-request-id': requestId } });
        expect(res.status, requestId).toBe(status);
        const entries = await byRequest(requestId);
        expect(entries, requestId).toHaveLength(1);
        expect(entries[0]).toMatchObject({ event: 'request', outcome: status, method: request.method });
        expect(entries[0]?.detail?.startsWith(detail ?? '')).toBe(true);
      }
      expect((await byRequest('req-forbidden'))[0]).toMatchObject({ user_name: r.name, user_id: r.id });
      expect((await byRequest('req-anonymous'))[0]).toMatchObject({ user_name: null, user_id: null });

      const before = (await verify()).head_seq;
      for (const url of ['/identity/v3/users', '/sysinv/v1/isystems', '/audit/v1/entries', '/health']) {
        await t.request({ method: 'GET', url, token: admin });
      }
      expect((await verify()).head_seq).toBe(before);
    });
  });

  describe('text a store cannot keep as given', () => {
    it('hashes what is stored when the controller records a lone surrogate or a NUL on its own account', async () => {
      const ctx = internalContext('req-odd-\ud800', '/odd\u0000path');
      await t.controller.services.audit.record(ctx, { target: 'thing:\udfff', detail: 'a\ud800b\u0000c' });
      const [entry] = await byRequest('req-odd-\ufffd');
      expect(entry).toMatchObject({ path: '/odd\ufffdpath', target: 'thing:\ufffd', detail: 'a\ufffdb\ufffdc' });
      expect(await verify()).toMatchObject({ intact: true, problem_count: 0 });
    });
  });

  describe('transactions', () => {
    it('commits nothing, neither the change nor its entry, when the change fails', async () => {
      const before = await verify();
      const ctx = internalContext('req-doomed', '/test');
      await expect(
        t.controller.services.audit.change(ctx, { target: 'project:doomed', detail: 'doomed' }, async (repos) => {
          await repos.projects.insert({ id: 'd'.repeat(32), name: 'doomed', description: '', enabled: true, tags: [], createdAt: clock.now() });
          throw new Error('the change fails after writing');
        }),
      ).rejects.toThrow('the change fails after writing');
      expect(await t.controller.store.repos.projects.findByName('doomed')).toBeNull();
      expect(await verify()).toEqual(before);
      expect(await byRequest('req-doomed')).toEqual([]);
    });

    it('commits nothing, neither the change nor its entry, when its entry cannot be written', async () => {
      const token = admin;
      const uuid = (await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token })).json().isystems[0].uuid;
      const before = (await t.request({ method: 'GET', url: `/sysinv/v1/isystems/${uuid}`, token })).json();
      const head = (await verify()).head_seq;
      // An intruder's row occupies the next sequence number: appending the entry must fail.
      await rawQuery(
        t.db.location,
        `insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
        [head + 1, clock.now(), 'req-squatter', 'request', null, null, null, null, 'local', 'POST', '/x', null, 200, null, '0'.repeat(64), '0'.repeat(64)],
      );
      const res = await t.request({ method: 'PATCH', url: `/sysinv/v1/isystems/${uuid}`, token, body: [{ op: 'replace', path: '/description', value: 'never stored' }] });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect((await t.request({ method: 'GET', url: `/sysinv/v1/isystems/${uuid}`, token })).json()).toEqual(before);

      await rawQuery(t.db.location, 'delete from audit_log where request_id = ?', ['req-squatter']);
      expect((await verify()).intact).toBe(true);
      const retry = await t.request({ method: 'PATCH', url: `/sysinv/v1/isystems/${uuid}`, token, body: [{ op: 'replace', path: '/description', value: 'stored' }] });
      expect(retry.status).toBe(200);
      expect(retry.json().description).toBe('stored');
      expect((await verify()).intact).toBe(true);
    });

    it('keeps one gap-free chain under concurrent changes and logins', async () => {
      const before = (await verify()).head_seq;
      const work = [
        ...Array.from({ length: 12 }, (_, i) => t.request({ method: 'POST', url: '/identity/v3/projects', token: admin, body: { project: { name: `parallel-${i}` } } })),
        ...Array.from({ length: 6 }, () => issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))),
        // From addresses of their own: earlier failures from 127.0.0.1 may have reached its throttle.
        ...Array.from({ length: 4 }, (_, i) =>
          t.request({ method: 'POST', url: '/identity/v3/auth/tokens', body: passwordAuth({ name: `ghost-user-${i}` }, 'whatever-password'), remoteAddress: `10.0.4.${i + 1}` }),
        ),
      ];
      const results = await Promise.all(work);
      expect(results.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
      const check = await verify();
      expect(check).toMatchObject({ intact: true, first_bad_seq: null, problem: null });
      expect(check.head_seq).toBe(before + work.length);
      expect(check.checked).toBe(check.head_seq);
      const seqs = (await auditEntries(t, admin, 'limit=10000')).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: check.head_seq }, (_, i) => check.head_seq - i));
    });
  });

  describe('queries', () => {
    let startIso: string;
    let middleIso: string;
    let filtered: { id: string; name: string };

    beforeAll(async () => {
      clock.advance(60_000);
      startIso = new Date(clock.now()).toISOString();
      const u = await createUser(t, admin, 'filtered', { role: 'member' });
      filtered = u;
      await issueToken(t, passwordAuth({ name: u.name }, 'wrong-password-1'));
      clock.advance(60_000);
      middleIso = new Date(clock.now()).toISOString();
      await t.login(u.name, u.password);
      await issueToken(t, passwordAuth({ name: u.name }, 'wrong-password-2'));
      clock.advance(60_000);
    });

    it('filters by user name or id', async () => {
      const byName = await auditEntries(t, admin, `user=${filtered.name}`);
      const byId = await auditEntries(t, admin, `user=${filtered.id}`);
      expect(byName.map((e) => e.event)).toEqual(['auth.failure', 'auth.success', 'auth.failure']);
      expect(byId).toEqual(byName);
      expect(await auditEntries(t, admin, 'user=nobody-at-all')).toEqual([]);
    });

    it('filters by time: since is inclusive, until exclusive', async () => {
      const since = await auditEntries(t, admin, `since=${middleIso}&user=${filtered.name}`);
      expect(since.map((e) => e.event)).toEqual(['auth.failure', 'auth.success']);
      const until = await auditEntries(t, admin, `since=${startIso}&until=${middleIso}`);
      expect(until.map((e) => e.event).sort()).toEqual(['auth.failure', 'request', 'request']);
      expect(until.every((e) => e.time >= startIso && e.time < middleIso)).toBe(true);
    });

    it('filters by outcome: success, failure, a status or a class', async () => {
      const mine = `user=${filtered.name}`;
      expect((await auditEntries(t, admin, `${mine}&outcome=success`)).map((e) => e.outcome)).toEqual([201]);
      expect((await auditEntries(t, admin, `${mine}&outcome=failure`)).map((e) => e.outcome)).toEqual([401, 401]);
      expect((await auditEntries(t, admin, `${mine}&outcome=401`)).length).toBe(2);
      expect((await auditEntries(t, admin, `${mine}&outcome=4xx`)).length).toBe(2);
      expect((await auditEntries(t, admin, `${mine}&outcome=5xx`)).length).toBe(0);
    });

    it('filters by event', async () => {
      const successes = await auditEntries(t, admin, 'event=auth.success&limit=10000');
      expect(successes.length).toBeGreaterThan(0);
      expect(successes.every((e) => e.event === 'auth.success')).toBe(true);
    });

    it('pages newest first with limit and marker, without gaps or repeats', async () => {
      const all = await auditEntries(t, admin, 'limit=10000');
      const seen: number[] = [];
      let marker: number | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const res = await t.request({ method: 'GET', url: `/audit/v1/entries?limit=7${marker !== null ? `&marker=${marker}` : ''}`, token: admin });
        const body = res.json<{ entries: AuditRow[]; next_marker: number | null }>();
        seen.push(...body.entries.map((e) => e.seq));
        marker = body.next_marker;
        if (marker === null) break;
        expect(marker).toBe(body.entries.at(-1)?.seq);
      }
      expect(seen).toEqual(all.map((e) => e.seq));
    });

    it.each([
      ['outcome=sometimes', 'query.outcome'],
      ['event=auth.maybe', 'query.event'],
      ['since=yesterday', 'query.since'],
      ['limit=0', 'query.limit'],
      ['marker=-1', 'query.marker'],
      ['colour=red', "unknown field 'colour'"],
    ])('refuses the bad filter %s with 400', async (query, named) => {
      const res = await t.request({ method: 'GET', url: `/audit/v1/entries?${query}`, token: admin });
      expect(res.status).toBe(400);
      expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
      const body = res.json();
      expect(body).toMatchObject({ code: 'INVALID_INPUT', requestId: res.headers['x-openstack-request-id'] });
      expect(body.message).toContain(named);
    });

    it('is for administrators only', async () => {
      const r = await createUser(t, admin, 'nosy-reader', { role: 'reader' });
      const reader = await t.login(r.name, r.password);
      for (const url of ['/audit/v1/entries', '/audit/v1/verify']) {
        const forbidden = await t.request({ method: 'GET', url, token: reader });
        expect(forbidden.status).toBe(403);
        expect(forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });
        expect((await t.request({ method: 'GET', url })).status).toBe(401);
      }
    });
  });

  describe('verification', () => {
    const rows = async () => rawQuery(t.db.location, 'select * from audit_log order by seq');
    const reinsert = (row: RawRow) =>
      rawQuery(t.db.location, `insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`, AUDIT_COLUMNS.map((c) => row[c]));
    const setColumns = (seq: number, values: Record<string, unknown>) =>
      rawQuery(t.db.location, `update audit_log set ${Object.keys(values).map((k) => `${k} = ?`).join(', ')} where seq = ?`, [...Object.values(values), seq]);

    it('finds an untouched log intact', async () => {
      const check = await verify();
      const all = await rows();
      expect(check).toEqual({
        intact: true,
        checked: all.length,
        head_seq: all.length,
        first_bad_seq: null,
        problem: null,
        problems: [],
        problem_count: 0,
      });
      for (const row of all) expect(row['hash']).toBe(rowHash(row));
    });

    it('names an entry whose contents were altered', async () => {
      const all = await rows();
      const victim = all[Math.floor(all.length / 2)]!;
      const seq = Number(victim['seq']);
      await setColumns(seq, { outcome: 200, detail: 'nothing to see here' });
      const check = await verify();
      expect(check).toMatchObject({ intact: false, first_bad_seq: seq });
      expect(check.problem).toContain(`entry ${seq} was altered`);
      await setColumns(seq, { outcome: victim['outcome'], detail: victim['detail'] });
      expect((await verify()).intact).toBe(true);
    });

    it('names the entry after one altered and re-hashed by someone who knows the algorithm', async () => {
      const all = await rows();
      const victim = all[Math.floor(all.length / 3)]!;
      const seq = Number(victim['seq']);
      const forged = { ...victim, user_name: 'somebody-else' };
      await setColumns(seq, { user_name: 'somebody-else', hash: rowHash(forged) });
      const check = await verify();
      expect(check).toMatchObject({ intact: false, first_bad_seq: seq + 1 });
      expect(check.problem).toContain(`does not link to entry ${seq}`);
      await setColumns(seq, { user_name: victim['user_name'], hash: victim['hash'] });
      expect((await verify()).intact).toBe(true);
    });

    it('reports every altered entry, not only the first', async () => {
      const all = await rows();
      const victims = [all[2]!, all[Math.floor(all.length / 2)]!, all.at(-2)!];
      for (const victim of victims) await setColumns(Number(victim['seq']), { detail: 'rewritten' });
      const check = await verify();
      expect(check).toMatchObject({ intact: false, checked: all.length, problem_count: 3, first_bad_seq: Number(victims[0]!['seq']) });
      expect(check.problems.map((p) => p.seq)).toEqual(victims.map((v) => Number(v['seq'])));
      for (const p of check.problems) expect(p.problem).toBe(`entry ${p.seq} was altered: its contents do not match its hash`);
      for (const victim of victims) await setColumns(Number(victim['seq']), { detail: victim['detail'] });
      expect((await verify()).intact).toBe(true);
    });

    it('names an entry removed from the middle', async () => {
      const all = await rows();
      const victim = all[Math.floor(all.length / 2)]!;
      const seq = Number(victim['seq']);
      await rawQuery(t.db.location, 'delete from audit_log where seq = ?', [seq]);
      const check = await verify();
      expect(check).toMatchObject({ intact: false, first_bad_seq: seq, checked: all.length - 1, problem_count: 1 });
      expect(check.problem).toContain(`entry ${seq} is missing`);
      await reinsert(victim);
      expect((await verify()).intact).toBe(true);
    });

    it('names entries removed from the end', async () => {
      const all = await rows();
      const last = all.at(-1)!;
      const beforeLast = all.at(-2)!;
      const seq = Number(last['seq']);
      await rawQuery(t.db.location, 'delete from audit_log where seq >= ?', [seq - 1]);
      const check = await verify();
      expect(check).toMatchObject({ intact: false, first_bad_seq: seq - 1, head_seq: seq });
      expect(check.problem).toContain(`entries ${seq - 1} to ${seq} are missing`);
      await reinsert(beforeLast);
      await reinsert(last);
      expect((await verify()).intact).toBe(true);
    });

    it('names the last entry when it was replaced with a consistent forgery', async () => {
      const all = await rows();
      const last = all.at(-1)!;
      const seq = Number(last['seq']);
      const forged = { ...last, detail: 'forged' };
      await setColumns(seq, { detail: 'forged', hash: rowHash(forged) });
      const check = await verify();
      expect(check).toMatchObject({ intact: false, first_bad_seq: seq });
      expect(check.problem).toContain('does not match the chain head');
      await setColumns(seq, { detail: last['detail'], hash: last['hash'] });
      expect((await verify()).intact).toBe(true);
    });
  });

  describe('secrets', () => {
    it('never writes a password or a token into the audit log, the logs or the database', async () => {
      const secrets: string[] = [t.adminPassword];
      const first = strongPassword('firstsecret');
      const second = strongPassword('secondsecret');
      const third = strongPassword('thirdsecret');
      const typo = 'Typo-Secret-Attempt-7731';
      const malformed = 'Malformed-Secret-5550';
      const rejected = 'Hunter2-pw';
      secrets.push(first, second, third, typo, malformed, rejected);

      const u = await createUser(t, admin, 'secretive', { role: 'member', password: first });
      const tokens: string[] = [admin];
      tokens.push(await t.login(u.name, first));
      await issueToken(t, passwordAuth({ name: u.name }, typo));
      expect((await t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: first, password: second } } })).status).toBe(204);
      expect((await t.request({ method: 'POST', url: `/identity/v3/users/${u.id}/password`, body: { user: { original_password: typo, password: third } } })).status).toBe(401);
      const viaToken = await issueToken(t, { auth: { identity: { methods: ['token'], token: { id: admin } } } });
      tokens.push(String(viaToken.headers['x-subject-token']));
      expect((await t.request({ method: 'PATCH', url: `/identity/v3/users/${u.id}`, token: admin, body: { user: { password: third } } })).status).toBe(200);
      const userToken = await t.login(u.name, third);
      tokens.push(userToken);
      await t.request({ method: 'GET', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': userToken } });
      await t.request({ method: 'DELETE', url: '/identity/v3/auth/tokens', token: admin, headers: { 'x-subject-token': userToken } });
      await t.request({ method: 'GET', url: '/identity/v3/users', token: userToken });
      await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', rawBody: `{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "password": "${malformed}"` });
      await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', body: { auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: malformed, pin: 1 } } } } } });
      expectRejectedQuietly(await t.request({ method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name: 'weak', password: rejected } } }));
      await t.request({ method: 'GET', url: '/identity/v3/users', token: 'Forged-Token-Secret-991' });
      tokens.push('Forged-Token-Secret-991');

      const auditText = JSON.stringify(await rawQuery(t.db.location, 'select * from audit_log'));
      const logs = t.logs();
      const stored = JSON.stringify([
        await rawQuery(t.db.location, 'select * from users'),
        await rawQuery(t.db.location, 'select * from tokens'),
        await rawQuery(t.db.location, 'select * from password_history'),
      ]);
      // The checks below would pass on empty text: make sure there is something to search.
      expect(auditText).toContain('secretive');
      expect(logs).toContain('request completed');
      expect(logs).toContain('/identity/v3/auth/tokens');
      for (const secret of [...secrets, ...tokens]) {
        expect(auditText.includes(secret), `audit log contains ${secret.slice(0, 6)}…`).toBe(false);
        expect(logs.includes(secret), `logs contain ${secret.slice(0, 6)}…`).toBe(false);
        expect(stored.includes(secret), `database contains ${secret.slice(0, 6)}…`).toBe(false);
      }
    });
  });
});

function expectRejectedQuietly(res: { status: number; body: string }): void {
  keystoneError(res as Parameters<typeof keystoneError>[0], 400, 'PASSWORD_POLICY');
}
