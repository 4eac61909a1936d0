import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, createUser, faultOf } from './support/api-helpers.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { useTestController } from './support/use-test-controller.js';

describe.each(testDialects())('host agents joining and their configuration on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  let admin: string;
  const createToken = async (body: Record<string, unknown> = {}) => {
    const res = await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body });
    expect(res.status, res.body).toBe(201);
    return res.json<{ uuid: string; token: string; state: string; expires_at: string }>();
  };
  const register = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/agent/v1/register', token: null, body });
  const asHost = (uuid: string, credential: string, method: 'GET' | 'PUT', tail: string, body?: unknown) =>
    t.request({ method, url: `/agent/v1/hosts/${uuid}/${tail}`, token: null, headers: { 'x-host-credential': credential }, ...(body !== undefined ? { body } : {}) });
  const host = async (name: string) => (await t.request({ method: 'GET', url: `/sysinv/v1/ihosts/${name}`, token: admin })).json();

  const t = useTestController(dialect, { clock, config: { systemMode: 'duplex', maintenance: { configGraceMs: 5000 } } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  describe('bootstrap tokens', () => {
    it('shows a new token once; the list names it unused, used or expired and never shows the token', async () => {
      const created = await createToken({ description: 'rack 3', expires_in: 3600 });
      expect(created).toMatchObject({ description: 'rack 3', state: 'unused', created_by: 'admin', used_at: null, used_by_host: null });
      expect(created.token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
      expect(Date.parse(`${created.expires_at}`) - clock.now()).toBe(3600 * 1000);
      const list = await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: admin });
      expect(list.status).toBe(200);
      const listed = list.json().host_bootstrap_tokens.find((x: { uuid: string }) => x.uuid === created.uuid);
      expect(listed).toMatchObject({ state: 'unused', description: 'rack 3' });
      expect(listed).not.toHaveProperty('token');
      expect(list.body).not.toContain(created.token);
    });

    it('refuses a reader, a lifetime out of range and unknown fields, creating nothing', async () => {
      const before = (await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: admin })).json().host_bootstrap_tokens.length;
      const reader = await createUser(t, admin, 'watcher', { role: 'reader' });
      const readerToken = await t.login(reader.name, reader.password);
      const denied = await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: readerToken, body: {} });
      expect(denied.status).toBe(403);
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: readerToken })).status).toBe(403);
      const short = await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: { expires_in: 5 } });
      expect(short.status).toBe(400);
      expect(faultOf(short).faultstring).toContain('expires_in');
      const unknown = await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: { hostname: 'x' } });
      expect(unknown.status).toBe(400);
      expect((await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: admin })).json().host_bootstrap_tokens).toHaveLength(before);
    });

    it('revokes a token, which then cannot be used; revoking it again is 404', async () => {
      const created = await createToken();
      expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/host_bootstrap_tokens/${created.uuid}`, token: admin })).status).toBe(204);
      expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/host_bootstrap_tokens/${created.uuid}`, token: admin })).status).toBe(404);
      const res = await register({ bootstrap_token: created.token, hostname: 'compute-9', personality: 'worker' });
      expect(res.status).toBe(401);
    });
  });

  describe('joining', () => {
    let workerUuid = '';
    let workerCredential = '';

    it('adds the host an agent joins as, spends the token and answers the host credential', async () => {
      const { token, uuid } = await createToken();
      const res = await register({ bootstrap_token: token, hostname: 'compute-0', personality: 'worker', mgmt_mac: '08:00:27:AA:00:01' });
      expect(res.status, res.body).toBe(200);
      const joined = res.json<{ host_uuid: string; hostname: string; personality: string; credential: string }>();
      expect(joined).toMatchObject({ hostname: 'compute-0', personality: 'worker' });
      expect(joined.credential.startsWith(`${joined.host_uuid}.`)).toBe(true);
      workerUuid = joined.host_uuid;
      workerCredential = joined.credential;
      expect(await host('compute-0')).toMatchObject({ uuid: workerUuid, administrative: 'locked', availability: 'offline', mgmt_mac: '08:00:27:aa:00:01' });
      const tokens = (await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: admin })).json().host_bootstrap_tokens;
      // The operator reads the host by its name; its uuid is there too.
      expect(tokens.find((x: { uuid: string }) => x.uuid === uuid)).toMatchObject({ state: 'used', used_by_host: 'compute-0', used_by_host_uuid: workerUuid });
      const entries = await auditEntries(t, admin, 'user=agent@compute-0');
      expect(entries.map((e) => [e.target, e.outcome])).toContainEqual(['ihost:compute-0', 200]);
    });

    it('binds to a host the operator added, keeping its uuid', async () => {
      const added = await t.request({ method: 'POST', url: '/sysinv/v1/ihosts', token: admin, body: { hostname: 'controller-1', personality: 'controller' } });
      expect(added.status, added.body).toBe(200);
      const { token } = await createToken();
      const res = await register({ bootstrap_token: token, hostname: 'controller-1', personality: 'controller' });
      expect(res.status, res.body).toBe(200);
      expect(res.json().host_uuid).toBe(added.json().uuid);
    });

    it('refuses a reused, a wrong and an expired token with 401, audited, adding nothing', async () => {
      const { token } = await createToken({ expires_in: 60 });
      expect((await register({ bootstrap_token: token, hostname: 'compute-1', personality: 'worker' })).status).toBe(200);
      const reused = await register({ bootstrap_token: token, hostname: 'compute-2', personality: 'worker' });
      expect(reused.status).toBe(401);
      expect(reused.body).toContain('already used');
      const wrong = await register({ bootstrap_token: 'not-a-token-of-ours-at-all-000000000000000', hostname: 'compute-3', personality: 'worker' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toContain('not valid');
      const late = await createToken({ expires_in: 60 });
      clock.advance(61_000);
      const expired = await register({ bootstrap_token: late.token, hostname: 'compute-4', personality: 'worker' });
      expect(expired.status).toBe(401);
      expect(expired.body).toContain('expired');
      const names = (await t.request({ method: 'GET', url: '/sysinv/v1/ihosts', token: admin })).json().ihosts.map((h: { hostname: string }) => h.hostname);
      expect(names).not.toContain('compute-2');
      expect(names).not.toContain('compute-3');
      expect(names).not.toContain('compute-4');
      const failures = await auditEntries(t, admin, 'event=auth.failure');
      expect(failures.filter((e) => e.path === '/agent/v1/register').map((e) => e.outcome)).toEqual([401, 401, 401, 401]);
    });

    it('refuses a personality that contradicts the host, without spending the token', async () => {
      const { token, uuid } = await createToken();
      const res = await register({ bootstrap_token: token, hostname: 'compute-0', personality: 'storage' });
      expect(res.status).toBe(400);
      expect(res.json().message).toContain('storage');
      const wrongKind = await register({ bootstrap_token: token, hostname: 'controller-1', personality: 'worker' });
      expect(wrongKind.status).toBe(409);
      expect(wrongKind.json().message).toBe('controller-1 is a controller, not a worker');
      const otherKind = await register({ bootstrap_token: token, hostname: 'controller-1', personality: 'storage' });
      expect(otherKind.status).toBe(400);
      const tokens = (await t.request({ method: 'GET', url: '/sysinv/v1/host_bootstrap_tokens', token: admin })).json().host_bootstrap_tokens;
      expect(tokens.find((x: { uuid: string }) => x.uuid === uuid)).toMatchObject({ state: 'unused' });
    });

    it('lets a host read its own configuration only, auditing the attempts', async () => {
      const own = await asHost(workerUuid, workerCredential, 'GET', 'config');
      expect(own.status, own.body).toBe(200);
      expect(own.json()).toEqual({
        generation: 0,
        host: { hostname: 'compute-0', personality: 'worker', subfunctions: 'worker', clockSynchronization: 'ntp', location: {} },
        labels: {},
        software: null,
      });
      const other = (await host('controller-1')).uuid as string;
      const foreign = await asHost(other, workerCredential, 'PUT', 'config_applied', { generation: 0 });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toContain('a host reports only for itself');
      const forged = await asHost(workerUuid, `${workerUuid}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, 'GET', 'config');
      expect(forged.status).toBe(401);
      const missing = await t.request({ method: 'GET', url: `/agent/v1/hosts/${workerUuid}/config`, token: null });
      expect(missing.status).toBe(401);
      const failures = (await auditEntries(t, admin, 'event=auth.failure')).filter((e) => e.path.startsWith('/agent/v1/hosts/'));
      expect(failures.map((e) => e.outcome).sort()).toEqual([401, 401, 403]);
    });

    it('gives a changed host a new configuration generation, raises 250.001 while the agent lags and clears it once applied', async () => {
      const changed = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/location', value: 'rack 7' }] });
      expect(changed.status, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ config_target: expect.any(String), config_applied: expect.any(String) });
      const document = (await asHost(workerUuid, workerCredential, 'GET', 'config')).json();
      expect(document).toMatchObject({ generation: 1, host: { location: { locn: 'rack 7' } } });
      // A change that is not configuration (serial number) keeps the generation.
      await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/serialid', value: 'SN-1' }] });
      expect((await asHost(workerUuid, workerCredential, 'GET', 'config')).json().generation).toBe(1);

      await t.controller.services.maintenance.sweep();
      expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=250.001')).toEqual([]);
      clock.advance(5000);
      await t.controller.services.maintenance.sweep();
      const raised = await fm.alarms('q.field=alarm_id&q.op=eq&q.value=250.001');
      expect(raised).toEqual([expect.objectContaining({ entity_instance_id: 'host=compute-0', severity: 'major' })]);

      const ahead = await asHost(workerUuid, workerCredential, 'PUT', 'config_applied', { generation: 2 });
      expect(ahead.status).toBe(409);
      const applied = await asHost(workerUuid, workerCredential, 'PUT', 'config_applied', { generation: 1 });
      expect(applied.status, applied.body).toBe(204);
      expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=250.001')).toEqual([]);
      const shown = await host('compute-0');
      expect([shown.config_target, shown.config_applied]).toEqual([shown.config_target, shown.config_target]);
    });
  });
});
