import type { DcJoinAnswer, SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import type { PushedEndpointType } from '@murmuration/core/dc';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { centralSyncState, syncDigest, type CentralSyncState } from '@murmuration/server';
import { startWebhookSink } from '../../../../test-support/webhook-sink.js';
import { auditEntries, createUser, strongPassword } from '../support/api-helpers.js';
import { fmClient } from '../support/fm-helpers.js';
import { joinAsSubcloud } from '../support/joined-subcloud.js';
import { createManualClock } from '../support/manual-clock.js';
import type { InjectResult } from '../support/test-controller.js';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('a system controller pushing its state to a subcloud on %s', (dialect) => {
  // One instant for both controllers, as two sites with synchronised clocks.
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  const central = useTestController(dialect, { clock });
  const sub = useTestController(dialect, { clock });
  let centralAdmin: string;
  let account: DcJoinAnswer['account'];
  /** The system controller's token on the subcloud (its local account). */
  let scToken: string;
  let state: CentralSyncState;

  beforeAll(async () => {
    centralAdmin = await central.adminToken();
    ({ account, token: scToken } = await joinAsSubcloud(sub, await sub.adminToken()));
    state = centralSyncState({ store: central.controller.store, clock });
  });

  /** The central state as it stands (its cache aged out). */
  const centralNow = async () => {
    clock.advance(1000);
    return state.current();
  };
  const push = (endpoint: string, body: unknown, token: string | null = scToken) =>
    sub.request({ method: 'PUT', url: `/dcagent/v1/sync/${endpoint}`, token, body });
  /** Pushes the central state of an endpoint type, as the audit does once it finds it out of sync. */
  const pushCentral = async (endpoint: PushedEndpointType) => {
    const snapshot = await centralNow();
    const res = await push(endpoint, snapshot.inputs[endpoint]);
    expect(res.status, res.body).toBe(200);
    return { answer: res.json<{ endpoint_type: string; digest: string }>(), snapshot };
  };
  const subcloudDigests = async () => {
    const res = await sub.request({ method: 'GET', url: '/dcagent/v1/audit', token: scToken });
    expect(res.status, res.body).toBe(200);
    return res.json<SubcloudAuditReport>().sync;
  };
  /** The subcloud's admin: once identity is synced, with the central admin's password. */
  const subAdmin = () => sub.login('admin', central.adminPassword);
  const refusal = (res: InjectResult, status: number, details: Record<string, unknown>) => {
    expect(res.status, res.body).toBe(status);
    expect(res.json()).toMatchObject({ details });
  };

  it('makes the subcloud hold the pushed identity and platform: its digests become the pushed inputs\' digests', async () => {
    const before = await centralNow();
    // Each controller seeded its own admin password: identity differs until it is pushed.
    expect((await subcloudDigests()).identity).not.toBe(before.digests.identity);
    for (const endpoint of ['identity', 'platform'] as const) {
      const { answer, snapshot } = await pushCentral(endpoint);
      expect(answer).toEqual({ endpoint_type: endpoint, digest: syncDigest(snapshot.inputs[endpoint]) });
      expect(answer.digest).toBe(snapshot.digests[endpoint]);
      // The next audit shows it at once, not a second later.
      expect((await subcloudDigests())[endpoint]).toBe(answer.digest);
    }
    expect(await subcloudDigests()).toEqual((await centralNow()).digests);
    // The subcloud's admin is synced: the central admin's password logs in there.
    await subAdmin();
  });

  it('brings a user and a password change made centrally: the new password logs in there, the old one and its tokens no longer', async () => {
    const bob = await createUser(central, centralAdmin, 'dc-bob', { role: 'member' });
    await pushCentral('identity');
    const token = await sub.login('dc-bob', bob.password);
    expect((await sub.request({ method: 'GET', url: '/fm/v1/alarms', token })).status).toBe(200);

    const next = strongPassword('bobnext');
    const changed = await central.request({ method: 'PATCH', url: `/identity/v3/users/${bob.id}`, token: centralAdmin, body: { user: { password: next } } });
    expect(changed.status, changed.body).toBe(200);
    expect((await subcloudDigests()).identity).not.toBe((await centralNow()).digests.identity);
    await pushCentral('identity');
    await sub.login('dc-bob', next);
    await expect(sub.login('dc-bob', bob.password)).rejects.toThrow(/401/);
    // The token issued with the old password was revoked, and is not served from a cache either.
    expect((await sub.request({ method: 'GET', url: '/fm/v1/alarms', token })).status).toBe(401);

    const disabled = await central.request({ method: 'PATCH', url: `/identity/v3/users/${bob.id}`, token: centralAdmin, body: { user: { enabled: false } } });
    expect(disabled.status, disabled.body).toBe(200);
    await pushCentral('identity');
    await expect(sub.login('dc-bob', next)).rejects.toThrow(/401/);
    expect((await subcloudDigests()).identity).toBe((await centralNow()).digests.identity);
  });

  it('removes a user made locally on the subcloud at the next push, and says so in its audit log', async () => {
    const admin = await subAdmin();
    await createUser(sub, admin, 'local-carol');
    expect((await subcloudDigests()).identity).not.toBe((await centralNow()).digests.identity);
    await pushCentral('identity');
    const users = (await sub.request({ method: 'GET', url: '/identity/v3/users', token: admin })).json().users as Array<{ name: string }>;
    expect(users.map((u) => u.name)).not.toContain('local-carol');
    const entries = await auditEntries(sub, await subAdmin(), 'limit=200');
    expect(entries.some((e) => e.detail === 'user local-carol deleted (synced)' && e.user_name === account.username)).toBe(true);
  });

  it('overwrites a local change to a suppression', async () => {
    const admin = await subAdmin();
    const list = (await sub.request({ method: 'GET', url: '/fm/v1/event_suppression', token: admin })).json().event_suppression as Array<{
      uuid: string; alarm_id: string; suppression_status: string;
    }>;
    const entry = list.find((s) => s.alarm_id === '100.103')!;
    const patched = await sub.request({
      method: 'PATCH', url: `/fm/v1/event_suppression/${entry.uuid}`, token: admin,
      body: [{ op: 'replace', path: '/suppression_status', value: 'suppressed' }],
    });
    expect(patched.status, patched.body).toBe(200);
    expect((await subcloudDigests()).platform).not.toBe((await centralNow()).digests.platform);
    const { answer } = await pushCentral('platform');
    expect((await subcloudDigests()).platform).toBe(answer.digest);
    const after = (await sub.request({ method: 'GET', url: '/fm/v1/event_suppression', token: admin })).json().event_suppression as typeof list;
    expect(after.find((s) => s.alarm_id === '100.103')?.suppression_status).toBe('unsuppressed');
  });

  it('brings silences and receivers, and ends a silence made only on the subcloud', async () => {
    const silence = (t: typeof central, token: string, comment: string) =>
      t.request({ method: 'POST', url: '/fm/v1/silences', token, body: { matchers: [{ name: 'alarm_id', value: '100.101' }], comment, duration: '2h' } });
    const receiver = (t: typeof central, token: string, name: string, url: string) =>
      t.request({ method: 'POST', url: '/fm/v1/receivers', token, body: { name, type: 'webhook', url, fleet_wide: true } });
    expect((await silence(central, centralAdmin, 'central maintenance')).status).toBe(201);
    expect((await receiver(central, centralAdmin, 'noc', 'http://127.0.0.1:9/noc')).status).toBe(201);
    const admin = await subAdmin();
    expect((await silence(sub, admin, 'local only')).status).toBe(201);

    await pushCentral('platform');
    const silences = (await sub.request({ method: 'GET', url: '/fm/v1/silences?state=active,pending', token: admin })).json().silences as Array<{
      comment: string; created_by: string;
    }>;
    expect(silences.map((s) => s.comment)).toEqual(['central maintenance']);
    expect(silences[0]!.created_by).toBe(account.username);
    const names = async () =>
      ((await sub.request({ method: 'GET', url: '/fm/v1/receivers', token: admin })).json().receivers as Array<{ name: string; url: string }>)
        .map((r) => `${r.name} ${r.url}`);
    expect(await names()).toEqual(['noc http://127.0.0.1:9/noc']);

    expect((await central.request({ method: 'DELETE', url: '/fm/v1/receivers/noc', token: centralAdmin })).status).toBe(204);
    expect((await receiver(central, centralAdmin, 'noc', 'http://127.0.0.1:9/noc-2')).status).toBe(201);
    expect((await receiver(central, centralAdmin, 'ops', 'http://127.0.0.1:9/ops')).status).toBe(201);
    const { answer } = await pushCentral('platform');
    expect(await names()).toEqual(['noc http://127.0.0.1:9/noc-2', 'ops http://127.0.0.1:9/ops']);
    expect((await subcloudDigests()).platform).toBe(answer.digest);
  });

  it('delivers to a receiver it was pushed, and stops when the push drops it', async () => {
    const sink = await startWebhookSink();
    try {
      const made = await central.request({
        method: 'POST', url: '/fm/v1/receivers', token: centralAdmin,
        body: { name: 'sink', type: 'webhook', url: `${sink.url}/hook`, fleet_wide: true },
      });
      expect(made.status, made.body).toBe(201);
      await pushCentral('platform');
      const admin = await subAdmin();
      await fmClient(sub, () => admin).raise('100.103', 'host=controller-0.memory=total', 'critical');
      const received = await sink.waitFor((r) => r.some((x) => JSON.stringify(x.body).includes('host=controller-0.memory=total')));
      expect(received[0]!.path).toBe('/hook');
      expect((await central.request({ method: 'DELETE', url: '/fm/v1/receivers/sink', token: centralAdmin })).status).toBe(204);
      await pushCentral('platform');
      const left = (await sub.request({ method: 'GET', url: '/fm/v1/receivers', token: admin })).json().receivers as Array<{ name: string }>;
      expect(left.map((r) => r.name)).not.toContain('sink');
    } finally {
      await sink.stop();
    }
  });

  it('pushes only the fleet-wide receivers, keeps the subcloud\'s own, and gives a pushed receiver its name', async () => {
    const add = (t: typeof central, token: string, body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/fm/v1/receivers', token, body: { type: 'webhook', ...body } });
    const admin = await subAdmin();
    expect((await add(central, centralAdmin, { name: 'central-own', url: 'http://127.0.0.1:9/central' })).status).toBe(201);
    expect((await add(central, centralAdmin, { name: 'fleet-pager', url: 'http://127.0.0.1:9/fleet', fleet_wide: true })).status).toBe(201);
    // The subcloud's own: one with a name of its own, one with the name the fleet's receiver has.
    expect((await add(sub, admin, { name: 'site-pager', url: 'http://127.0.0.1:9/site' })).status).toBe(201);
    expect((await add(sub, admin, { name: 'fleet-pager', url: 'http://127.0.0.1:9/site-2' })).status).toBe(201);
    const { snapshot } = await pushCentral('platform');
    expect(snapshot.inputs.platform.receivers.map((r) => r.name)).not.toContain('central-own');
    const held = async () =>
      ((await sub.request({ method: 'GET', url: '/fm/v1/receivers', token: admin })).json().receivers as Array<{
        name: string; url: string; fleet_wide: boolean;
      }>).map((r) => `${r.name} ${r.url} ${r.fleet_wide}`);
    const after = await held();
    expect(after).toContain('site-pager http://127.0.0.1:9/site false');
    expect(after).toContain('fleet-pager http://127.0.0.1:9/fleet true');
    expect(after.some((r) => r.startsWith('central-own'))).toBe(false);
    expect((await subcloudDigests()).platform).toBe(snapshot.digests.platform);
    const entries = await auditEntries(sub, admin, 'limit=200');
    expect(entries.some((e) => e.detail === 'created in place of the local receiver (synced)' && e.target === 'receiver/fleet-pager'))
      .toBe(true);

    // A fleet-wide receiver made by hand on the subcloud is out of sync and goes at the next push; its own stay.
    expect((await add(sub, admin, { name: 'stray', url: 'http://127.0.0.1:9/stray', fleet_wide: true })).status).toBe(201);
    clock.advance(1000);
    expect((await subcloudDigests()).platform).not.toBe((await centralNow()).digests.platform);
    await pushCentral('platform');
    const last = await held();
    expect(last.some((r) => r.startsWith('stray'))).toBe(false);
    expect(last).toContain('site-pager http://127.0.0.1:9/site false');
    for (const name of ['central-own', 'fleet-pager']) {
      expect((await central.request({ method: 'DELETE', url: `/fm/v1/receivers/${name}`, token: centralAdmin })).status).toBe(204);
    }
    await pushCentral('platform');
    expect((await held()).filter((r) => !/^(noc|ops) /.test(r))).toEqual(['site-pager http://127.0.0.1:9/site false']);
  });

  it('never touches the local accounts, and refuses a state that names one', async () => {
    const held = await sub.controller.store.repos.users.findByName(account.username);
    expect(held?.id).toBe(account.user_id);
    const assignments = await sub.controller.store.repos.assignments.list({ userId: account.user_id });
    expect(assignments).toHaveLength(1);
    // Its token, issued before every push, still works.
    expect((await sub.request({ method: 'GET', url: '/dcagent/v1/audit', token: scToken })).status).toBe(200);
    await sub.login(account.username, account.password);

    const { inputs } = await centralNow();
    const alien = { ...inputs.identity.users[0]!, name: 'dcmanager-Elsewhere' };
    refusal(await push('identity', { ...inputs.identity, users: [...inputs.identity.users, alien] }), 400, {
      rule: 'sync_local_account',
    });
  });

  it('applies the same push twice once: the second changes nothing and writes nothing to the audit log', async () => {
    await createUser(central, centralAdmin, 'dc-erin', { role: 'reader', password: strongPassword('erin') });
    const { inputs } = await centralNow();
    const first = await push('identity', inputs.identity);
    expect(first.status, first.body).toBe(200);
    const head = await sub.controller.store.repos.audit.head();
    for (const endpoint of ['identity', 'platform'] as const) {
      const again = await push(endpoint, inputs[endpoint]);
      expect(again.status, again.body).toBe(200);
      expect(again.json().digest).toBe((await centralNow()).digests[endpoint]);
    }
    expect(await sub.controller.store.repos.audit.head()).toEqual(head);
    expect(first.json().digest).toBe((await subcloudDigests()).identity);
  });

  it('refuses a body that is not the contract (400), a caller without the admin role (403) and no token (401)', async () => {
    const { inputs } = await centralNow();
    refusal(await push('identity', { users: [] }), 400, {});
    refusal(await push('platform', { ...inputs.platform, receivers: [{ name: 'x', kind: 'carrier-pigeon', url: 'http://x/' }] }), 400, {});
    refusal(await push('identity', { ...inputs.identity, extra: true }), 400, {});
    const erin = await sub.login('dc-erin', strongPassword('erin'));
    expect((await push('identity', inputs.identity, erin)).status).toBe(403);
    expect((await push('identity', inputs.identity, null)).status).toBe(401);
    expect((await push('software', { releases: [] })).status).toBe(404);
    // Past the controller's usual body limit (1 MiB), a large site's state is still read whole.
    const large = Array.from({ length: 30 }, (_, i) => ({ name: `bulk-${i}`, description: 'x'.repeat(60_000), enabled: true }));
    const projects = [...inputs.identity.projects, ...large, large[0]!];
    refusal(await push('identity', { ...inputs.identity, projects }), 400, { field: `projects[${projects.length - 1}]`, rule: 'sync_duplicate' });
  });

  it('applies nothing of a state that does not hold together', async () => {
    const { inputs, digests } = await centralNow();
    const before = await subcloudDigests();
    expect(before.identity).toBe(digests.identity);
    const dave = { name: 'dc-dave', enabled: true, password_hash: null, default_project_name: 'admin' };
    const ghost = { user_name: 'dc-dave', project_name: 'admin', role_name: 'ghost' };
    refusal(await push('identity', { ...inputs.identity, users: [...inputs.identity.users, dave], role_assignments: [...inputs.identity.role_assignments, ghost] }), 400, {
      field: `role_assignments[${inputs.identity.role_assignments.length}].role_name`, rule: 'sync_unknown_reference',
    });
    // Without the admin project, where this controller's local account works: refused in the transaction, nothing kept.
    const withoutAdmin = {
      users: [...inputs.identity.users, dave].map((u) => ({ ...u, default_project_name: null })),
      projects: inputs.identity.projects.filter((p) => p.name !== 'admin'),
      roles: inputs.identity.roles,
      role_assignments: inputs.identity.role_assignments.filter((a) => a.project_name !== 'admin'),
    };
    refusal(await push('identity', withoutAdmin), 400, { rule: 'sync_required_missing' });
    refusal(await push('platform', { ...inputs.platform, receivers: [{ name: 'bad', kind: 'webhook', url: 'ftp://x/' }] }), 400, {
      field: 'receivers[0].url',
    });
    expect(await sub.controller.store.repos.users.findByName('dc-dave')).toBeNull();
    clock.advance(1000);
    expect(await subcloudDigests()).toEqual(before);
  });
});
