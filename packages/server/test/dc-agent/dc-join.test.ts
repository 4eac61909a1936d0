import { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { auditEntries, createUser } from '../support/api-helpers.js';
import { createManualClock } from '../support/manual-clock.js';
import type { InjectResult } from '../support/test-controller.js';
import { useTestController } from '../support/use-test-controller.js';

const CENTRAL = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

describe.each(testDialects())('a system controller joining this controller on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  const t = useTestController(dialect, { clock });
  let admin: string;
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const createToken = async (body: Record<string, unknown> = {}) => {
    const res = await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body });
    expect(res.status, res.body).toBe(201);
    return res.json<{ id: string; token: string; state: string; expires_at: string; created_at: string }>();
  };
  const listTokens = async () =>
    (await t.request({ method: 'GET', url: '/dcagent/v1/join-tokens', token: admin })).json<{ join_tokens: Array<Record<string, unknown>> }>().join_tokens;
  const join = (body: Record<string, unknown>, token: string | null = null) =>
    t.request({ method: 'POST', url: '/dcagent/v1/join', token, body });
  const joinBody = (joinToken: string | undefined, sc: Record<string, string> = CENTRAL) => ({
    ...(joinToken !== undefined ? { join_token: joinToken } : {}), name: 'edge-1', system_controller: sc,
  });
  const users = async () =>
    (await t.request({ method: 'GET', url: '/identity/v3/users', token: admin })).json<{ users: Array<{ id: string; name: string }> }>().users;
  const membershipRows = () => t.controller.store.repos.membership.find();
  const refusal = (res: InjectResult, status: number, rule: string) => {
    expect(res.status, res.body).toBe(status);
    expect(res.json()).toMatchObject({ details: { rule } });
  };
  const answerOf = (res: InjectResult): DcJoinAnswer => {
    expect(res.status, res.body).toBe(200);
    const answer = res.json<DcJoinAnswer>();
    expect(Value.Check(DcJoinAnswer, answer)).toBe(true);
    return answer;
  };

  describe('join tokens', () => {
    it('shows a new token once, lists it without the token, expires it after 24 hours by default', async () => {
      const created = await createToken({ description: 'edge site 1' });
      expect(created.token).toMatch(/^mjt-[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
      expect(created).toMatchObject({ state: 'unused', description: 'edge site 1', created_by: 'admin', used_at: null, used_by: null });
      expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(24 * 3600 * 1000);
      const listed = (await listTokens()).find((x) => x.id === created.id);
      expect(listed).toMatchObject({ state: 'unused', description: 'edge site 1' });
      expect(listed).not.toHaveProperty('token');
      expect(JSON.stringify(await t.controller.store.repos.joinTokens.list())).not.toContain(created.token);
    });

    it('takes a lifetime, refuses one out of range and a reader, and revokes a token (again: 404)', async () => {
      const short = await createToken({ expires_in: 600 });
      expect(Date.parse(short.expires_at) - clock.now()).toBe(600 * 1000);
      const before = (await listTokens()).length;
      expect((await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: { expires_in: 5 } })).status).toBe(400);
      const reader = await createUser(t, admin, 'dc-watcher', { role: 'reader' });
      const readerToken = await t.login(reader.name, reader.password);
      expect((await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: readerToken, body: {} })).status).toBe(403);
      expect((await t.request({ method: 'GET', url: '/dcagent/v1/join-tokens', token: readerToken })).status).toBe(403);
      expect(await listTokens()).toHaveLength(before);
      expect((await t.request({ method: 'DELETE', url: `/dcagent/v1/join-tokens/${short.id}`, token: admin })).status).toBe(204);
      expect((await t.request({ method: 'DELETE', url: `/dcagent/v1/join-tokens/${short.id}`, token: admin })).status).toBe(404);
      refusal(await join(joinBody(short.token)), 401, 'join_token_invalid');
      const targets = (await auditEntries(t, admin)).map((e) => e.target);
      expect(targets).toContain(`dc_join_token:${short.id}`);
    });
  });

  describe('joining', () => {
    let first: DcJoinAnswer;

    it('refuses a bad body, a wrong token and a join with neither token nor admin, creating nothing', async () => {
      const { token, id } = await createToken();
      expect((await join({ ...joinBody(token), extra: 1 })).status).toBe(400);
      expect((await join({ join_token: token, system_controller: CENTRAL })).status).toBe(400);
      const badName = await join({ ...joinBody(token), name: 'Edge_1' });
      expect(badName.status).toBe(400);
      expect(badName.json()).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'name' } });
      expect((await join(joinBody(token, { ...CENTRAL, url: 'central' }))).status).toBe(400);
      refusal(await join(joinBody('mjt-not-a-token')), 401, 'join_token_invalid');
      const anonymous = await join(joinBody(undefined));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['x-error-code']).toBe('UNAUTHENTICATED');
      expect(await membershipRows()).toBeNull();
      expect((await users()).map((u) => u.name)).not.toContain('dcmanager-SystemController');
      expect((await listTokens()).find((x) => x.id === id)).toMatchObject({ state: 'unused' });
    });

    it('joins with a token: makes the service account, records the membership, answers the account once', async () => {
      const { token, id } = await createToken({ description: 'for central' });
      first = answerOf(await join(joinBody(token)));
      const system = t.controller.services.systems;
      const [record] = await system.list();
      expect(first).toMatchObject({
        region_name: 'RegionOne', system_uuid: record!.uuid, system_name: record!.name, system_mode: record!.systemMode,
        software_version: '0.1.0-test', auth_url: `${t.controller.baseUrl()}/identity/v3`,
        account: { username: 'dcmanager-SystemController', project_name: 'admin', user_domain_name: 'Default', project_domain_name: 'Default' },
      });
      expect(first.account.password.length).toBeGreaterThanOrEqual(43);
      expect(await membershipRows()).toMatchObject({
        subcloudName: 'edge-1', systemControllerRegion: 'SystemController', systemControllerUrl: CENTRAL.url,
        systemControllerVersion: '0.1.0', serviceUserId: first.account.user_id, joinedAt: clock.now(),
      });
      expect((await listTokens()).find((x) => x.id === id)).toMatchObject({ state: 'used', used_by: `SystemController ${CENTRAL.url}` });
      expect(t.logs()).not.toContain(first.account.password);
      const entries = await auditEntries(t, admin);
      expect(entries.find((e) => e.target === 'dc_membership:edge-1')).toMatchObject({ user_name: 'dcmanager@SystemController', outcome: 200 });
      expect(entries.some((e) => e.target === `user:${first.account.user_id}` && e.detail?.includes('service account'))).toBe(true);
    });

    it('gives an account that logs in with the admin role and calls the audit', async () => {
      const token = await t.login(first.account.username, first.account.password, first.account.project_name);
      const res = await t.request({ method: 'GET', url: '/dcagent/v1/audit', token });
      expect(res.status, res.body).toBe(200);
      expect(res.json().region_name).toBe('RegionOne');
    });

    it('keeps the accounts\' names to the join: the identity API refuses to make or rename a user to one (400 naming the field)', async () => {
      const before = await users();
      const message = (res: InjectResult) => {
        expect(res.status, res.body).toBe(400);
        expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
        return res.json<{ error: { message: string } }>().error.message;
      };
      for (const name of ['dcmanager-Elsewhere', first.account.username]) {
        const made = await t.request({ method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name } } });
        expect(message(made)).toMatch(/^Invalid input: name dcmanager-\S+ starts with dcmanager-, which is reserved/);
      }
      const dave = await createUser(t, admin, 'dc-dave');
      const renamed = await t.request({
        method: 'PATCH', url: `/identity/v3/users/${dave.id}`, token: admin, body: { user: { name: 'dcmanager-Sneaky' } },
      });
      expect(message(renamed)).toContain('name dcmanager-Sneaky');
      // A name merely like it is anyone's; the account itself may still be described.
      expect((await createUser(t, admin, 'dcmanager')).name).toBe('dcmanager');
      const described = await t.request({
        method: 'PATCH', url: `/identity/v3/users/${first.account.user_id}`, token: admin,
        body: { user: { name: first.account.username, description: 'the central site' } },
      });
      expect(described.status, described.body).toBe(200);
      expect((await users()).map((u) => u.name).sort()).toEqual([...before.map((u) => u.name), 'dc-dave', 'dcmanager'].sort());
    });

    it('refuses a spent token and an expired one, creating nothing', async () => {
      const spent = (await listTokens()).find((x) => x.state === 'used');
      expect(spent).toBeDefined();
      const expiring = await createToken({ expires_in: 60 });
      clock.advance(61_000);
      refusal(await join(joinBody(expiring.token)), 401, 'join_token_expired');
      expect((await listTokens()).find((x) => x.id === expiring.id)).toMatchObject({ state: 'expired' });
      const used = await createToken();
      answerOf(await join(joinBody(used.token)));
      const membership = await membershipRows();
      refusal(await join(joinBody(used.token)), 401, 'join_token_used');
      expect(await membershipRows()).toEqual(membership);
      const failures = (await auditEntries(t, admin)).filter((e) => e.event === 'auth.failure' && e.target === `dc_join_token:${used.id}`);
      expect(failures).toHaveLength(1);
      first = (await join(joinBody((await createToken()).token))).json();
    });

    it('refuses a second system controller with 409 while adopted, and leaves the first one in place', async () => {
      const before = await membershipRows();
      const { token, id } = await createToken();
      const other = await join(joinBody(token, { region: 'OtherCentral', url: 'http://other.example:6385', software_version: '0.1.0' }));
      refusal(other, 409, 'already_adopted');
      expect(other.json().message).toContain('SystemController');
      expect(await membershipRows()).toEqual(before);
      expect((await users()).map((u) => u.name)).not.toContain('dcmanager-OtherCentral');
      // The refused join did not spend the token.
      expect((await listTokens()).find((x) => x.id === id)).toMatchObject({ state: 'unused' });
      const sameRegionOtherUrl = await join(joinBody(token, { ...CENTRAL, url: 'http://elsewhere.example:6385' }));
      refusal(sameRegionOtherUrl, 409, 'already_adopted');
    });

    it('lets the same system controller join again: the old account is deleted and its tokens revoked', async () => {
      const oldToken = await t.login(first.account.username, first.account.password);
      const { token } = await createToken();
      const again = answerOf(await join({ ...joinBody(token), name: 'edge-one' }));
      expect(again.account.user_id).not.toBe(first.account.user_id);
      expect(again.account.password).not.toBe(first.account.password);
      const names = (await users()).map((u) => u.name);
      expect(names.filter((n) => n === 'dcmanager-SystemController')).toHaveLength(1);
      expect((await users()).find((u) => u.id === first.account.user_id)).toBeUndefined();
      expect((await t.request({ method: 'GET', url: '/dcagent/v1/audit', token: oldToken })).status).toBe(401);
      const newToken = await t.login(again.account.username, again.account.password);
      expect((await t.request({ method: 'GET', url: '/dcagent/v1/audit', token: newToken })).status).toBe(200);
      expect(await membershipRows()).toMatchObject({ subcloudName: 'edge-one', serviceUserId: again.account.user_id });
      first = again;
    });

    it('lets one of two joins racing for one token through, making one account', async () => {
      const { token } = await createToken();
      const racing = await Promise.all([join(joinBody(token)), join(joinBody(token))]);
      expect(racing.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = racing.find((r) => r.status === 200)!.json<DcJoinAnswer>();
      refusal(racing.find((r) => r.status === 401)!, 401, 'join_token_used');
      expect((await users()).filter((u) => u.name === 'dcmanager-SystemController').map((u) => u.id)).toEqual([winner.account.user_id]);
      expect(await membershipRows()).toMatchObject({ serviceUserId: winner.account.user_id });

      first = winner;
    });

    it('joins with an admin X-Auth-Token and no join token; a non-admin token is refused 403', async () => {
      const member = await createUser(t, admin, 'dc-member', { role: 'member' });
      const memberToken = await t.login(member.name, member.password);
      const denied = await join(joinBody(undefined), memberToken);
      expect(denied.status).toBe(403);
      const answer = answerOf(await join(joinBody(undefined), admin));
      expect(answer.account.username).toBe('dcmanager-SystemController');
      expect(await membershipRows()).toMatchObject({ serviceUserId: answer.account.user_id });
      const entries = await auditEntries(t, admin);
      expect(entries.find((e) => e.target === 'dc_membership:edge-1')).toMatchObject({ user_name: 'admin' });
    });
  });

  describe('two system controllers at once', () => {
    const fresh = useTestController(dialect);

    it('lets one adopt this controller and refuses the other 409, making one account', async () => {
      const token = await fresh.adminToken();
      const mint = async () =>
        (await fresh.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token, body: {} })).json<{ token: string }>().token;
      const centrals = [
        { region: 'EastCentral', url: 'http://east.example:6385', software_version: '0.1.0' },
        { region: 'WestCentral', url: 'http://west.example:6385', software_version: '0.1.0' },
      ];
      const tokens = [await mint(), await mint()];
      const answers = await Promise.all(
        centrals.map((sc, i) =>
          fresh.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: tokens[i], name: 'edge-2', system_controller: sc } }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const lost = answers.find((r) => r.status === 409)!;
      expect(lost.json()).toMatchObject({ details: { rule: 'already_adopted' } });
      const won = answers.find((r) => r.status === 200)!.json<DcJoinAnswer>();
      const listed = await fresh.request({ method: 'GET', url: '/identity/v3/users', token });
      const names = listed.json<{ users: Array<{ name: string }> }>().users.map((u) => u.name);
      expect(names.filter((n) => n.startsWith('dcmanager-'))).toEqual([won.account.username]);
      const membership = await fresh.controller.store.repos.membership.find();
      expect(membership).toMatchObject({ serviceUserId: won.account.user_id });
    });
  });
});
