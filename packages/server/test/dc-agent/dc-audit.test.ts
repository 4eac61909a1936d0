import { discoverHost, fixtureRoots } from '@murmuration/agent';
import { internalContext } from '@murmuration/core/common';
import { SubcloudAuditReport, type DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import type { HostHealth } from '@murmuration/core/inventory';
import { buildBundle } from '@murmuration/release';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { createUser } from '../support/api-helpers.js';
import { fmClient } from '../support/fm-helpers.js';
import { createManualClock } from '../support/manual-clock.js';
import { useTestController } from '../support/use-test-controller.js';

const CENTRAL = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

describe.each(testDialects())('the subcloud audit answer on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  const t = useTestController(dialect, { clock, config: { systemMode: 'duplex' } });
  const fm = fmClient(t, () => admin);
  let admin: string;
  let account: DcJoinAnswer['account'];
  let central: string;

  beforeAll(async () => {
    admin = await t.adminToken();
    const { token } = (await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: {} })).json();
    const joined = await t.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: token, name: 'edge-1', system_controller: CENTRAL } });
    expect(joined.status, joined.body).toBe(200);
    account = joined.json<DcJoinAnswer>().account;
    central = await t.login(account.username, account.password);
  });

  const audit = (headers: Record<string, string> = {}, token: string | null = central) =>
    t.request({ method: 'GET', url: '/dcagent/v1/audit', token, headers });
  /** The answer once the cached one has aged out. */
  const fresh = async () => {
    clock.advance(1000);
    const res = await audit();
    expect(res.status, res.body).toBe(200);
    return { etag: String(res.headers['etag']), report: res.json<SubcloudAuditReport>() };
  };

  it('answers the report the contract describes, with the SHA-256 of its body as ETag', async () => {
    const res = await audit();
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const report = res.json<SubcloudAuditReport>();
    expect([...Value.Errors(SubcloudAuditReport, report)]).toEqual([]);
    const [system] = await t.controller.services.systems.list();
    expect(report).toMatchObject({
      region_name: 'RegionOne', system_uuid: system!.uuid, software_version: '0.1.0-test', availability: 'online',
      releases: [], alarms: { critical: 0, major: 0, minor: 0, warnings: 0 },
      hosts: { total: 0, available: 0, degraded: 0, failed: 0, offline: 0 },
    });
    expect(res.headers['etag']).toBe(`"${createHash('sha256').update(res.body).digest('hex')}"`);
  });

  it('answers 304 without a body when If-None-Match names the ETag, and 200 for another', async () => {
    const { etag } = await fresh();
    const same = await audit({ 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.body).toBe('');
    expect(same.headers['etag']).toBe(etag);
    expect((await audit({ 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await audit({ 'if-none-match': `"${'0'.repeat(64)}", ${etag}` })).status).toBe(304);
    expect((await audit({ 'if-none-match': `"${'0'.repeat(64)}"` })).status).toBe(200);
  });

  it('serves a burst from one computation for a second, then shows a raised alarm with a new ETag', async () => {
    const before = await fresh();
    await fm.raise('100.101', 'host=controller-0', 'major');
    await fm.raise('100.103', 'host=controller-0.memory=total', 'critical');
    const burst = await Promise.all([audit(), audit(), audit()]);
    expect(burst.map((r) => r.headers['etag'])).toEqual([before.etag, before.etag, before.etag]);
    clock.advance(999);
    expect((await audit()).headers['etag']).toBe(before.etag);
    const after = await fresh();
    expect(after.etag).not.toBe(before.etag);
    expect(after.report.alarms).toEqual({ critical: 1, major: 1, minor: 0, warnings: 0 });
    expect(after.report.sync).toEqual(before.report.sync);
    expect((await audit({ 'if-none-match': before.etag })).status).toBe(200);
  });

  it('counts the alarms as the fm summary does: a masked alarm id is left out', async () => {
    const list = (await fm.get('/fm/v1/event_suppression')).json().event_suppression as Array<{ uuid: string; alarm_id: string }>;
    const entry = list.find((s) => s.alarm_id === '100.103')!;
    const before = await fresh();
    const patch = (value: string) =>
      t.request({ method: 'PATCH', url: `/fm/v1/event_suppression/${entry.uuid}`, token: admin, body: [{ op: 'replace', path: '/suppression_status', value }] });
    expect((await patch('suppressed')).status).toBe(200);
    const masked = await fresh();
    const summary = (await fm.get('/fm/v1/alarms/summary')).json();
    const { critical, major, minor, warnings } = summary;
    expect(masked.report.alarms).toEqual({ critical, major, minor, warnings });
    expect(masked.report.alarms.critical).toBe(0);
    // Suppression is a synced fault setting: the platform digest moved with it, nothing else.
    expect(masked.report.sync.platform).not.toBe(before.report.sync.platform);
    expect(masked.report.sync.identity).toBe(before.report.sync.identity);
    expect((await patch('unsuppressed')).status).toBe(200);
    expect((await fresh()).report.sync.platform).toBe(before.report.sync.platform);
  });

  it('moves the platform digest with a silence and a fleet-wide receiver, not with a site\'s own receiver', async () => {
    const before = await fresh();
    const silence = await t.request({
      method: 'POST', url: '/fm/v1/silences', token: admin,
      body: { matchers: [{ name: 'alarm_id', value: '100.101' }], comment: 'fans', duration: '30m' },
    });
    expect(silence.status, silence.body).toBe(201);
    const silenced = await fresh();
    expect(silenced.report.sync.platform).not.toBe(before.report.sync.platform);
    const addReceiver = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/fm/v1/receivers', token: admin, body });
    const own = await addReceiver({ name: 'site-pager', type: 'webhook', url: 'http://127.0.0.1:9/pager' });
    expect(own.status, own.body).toBe(201);
    expect(own.json()).toMatchObject({ fleet_wide: false });
    expect((await fresh()).report.sync.platform).toBe(silenced.report.sync.platform);
    const receiver = await addReceiver({ name: 'noc', type: 'webhook', url: 'http://127.0.0.1:9/hook', fleet_wide: true });
    expect(receiver.status, receiver.body).toBe(201);
    const received = await fresh();
    expect(received.report.sync.platform).not.toBe(silenced.report.sync.platform);
    // Made a site's own, it is out of the digest again; fleet-wide once more, back in.
    const modify = (fleetWide: boolean) =>
      t.request({ method: 'PATCH', url: '/fm/v1/receivers/noc', token: admin, body: { fleet_wide: fleetWide } });
    expect((await modify(false)).json()).toMatchObject({ name: 'noc', fleet_wide: false });
    expect((await fresh()).report.sync.platform).toBe(silenced.report.sync.platform);
    expect((await modify(true)).status).toBe(200);
    expect((await fresh()).report.sync.platform).toBe(received.report.sync.platform);
    // An ended silence is history, not a setting.
    clock.advance(31 * 60_000);
    const ended = await fresh();
    expect(ended.report.sync.platform).not.toBe(received.report.sync.platform);
    expect(ended.report.sync.identity).toBe(before.report.sync.identity);
  });

  it('moves the identity digest when a user is added or its password changes', async () => {
    const before = await fresh();
    const user = await createUser(t, admin, 'dc-alice', { role: 'member' });
    const added = await fresh();
    expect(added.etag).not.toBe(before.etag);
    expect(added.report.sync.identity).not.toBe(before.report.sync.identity);
    expect(added.report.sync.platform).toBe(before.report.sync.platform);
    const changed = await t.request({
      method: 'PATCH', url: `/identity/v3/users/${user.id}`, token: admin, body: { user: { password: `${user.password}-2Xy!` } },
    });
    expect(changed.status, changed.body).toBe(200);
    expect((await fresh()).report.sync.identity).not.toBe(added.report.sync.identity);
  });

  it('keeps its ETag when the service account logs in, fails a login or is made again', async () => {
    const before = await fresh();
    await t.login(account.username, account.password);
    const refused = await t.request({
      method: 'POST', url: '/identity/v3/auth/tokens',
      body: { auth: { identity: { methods: ['password'], password: { user: { name: account.username, password: 'wrong', domain: { name: 'Default' } } } } } },
    });
    expect(refused.status).toBe(401);
    expect((await fresh()).etag).toBe(before.etag);
    // The same system controller joins again: a new account, the same identity digest.
    const { token } = (await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: {} })).json();
    const again = await t.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: token, name: 'edge-1', system_controller: CENTRAL } });
    expect(again.status, again.body).toBe(200);
    account = again.json<DcJoinAnswer>().account;
    central = await t.login(account.username, account.password);
    const rejoined = await fresh();
    expect(rejoined.report.sync.identity).toBe(before.report.sync.identity);
  });

  it('lists a release once it is uploaded, and moves the software digest once it is deployed', async () => {
    const before = await fresh();
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const files = [
      { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id: 'murmur-1.1.0', version: '1.1.0', summary: 'patch', reboot_required: false, requires: [] })) },
      { path: 'payload/bin/tool', data: Buffer.from('tool 1.1.0') },
    ];
    const upload = await t.request({
      method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: buildBundle(files, key).bundle,
      headers: { 'content-type': 'application/gzip', 'x-file-name': 'bundle.tar.gz' },
    });
    expect(upload.status, upload.body).toBe(200);
    const after = await fresh();
    expect(after.report.releases).toEqual([{ release_id: 'murmur-1.1.0', state: 'available' }]);
    // A release merely uploaded is not what the controller runs: the software digest stays.
    expect(after.report.sync.software).toBe(before.report.sync.software);
    // The deploy's outcome, as the deploy service records it once every host runs the release.
    await t.controller.store.repos.releases.setState('murmur-1.1.0', 'deployed');
    const deployed = await fresh();
    expect(deployed.report.releases).toEqual([{ release_id: 'murmur-1.1.0', state: 'deployed' }]);
    expect(deployed.report.sync.software).not.toBe(before.report.sync.software);
    expect(deployed.report.sync.identity).toBe(before.report.sync.identity);
  });

  it('counts hosts by availability, and answers degraded while one has failed', async () => {
    const bootstrap = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token;
    const registered = await t.request({
      method: 'POST', url: '/agent/v1/register', body: { bootstrap_token: bootstrap, hostname: 'compute-0', personality: 'worker' },
    });
    expect(registered.status, registered.body).toBe(200);
    const { host_uuid: uuid, credential } = registered.json();
    const offline = await fresh();
    expect(offline.report).toMatchObject({ availability: 'online', hosts: { total: 1, available: 0, offline: 1 } });

    const inventory = await discoverHost(await fixtureRoots('small-aio'));
    const put = await t.request({
      method: 'PUT', url: `/agent/v1/hosts/${uuid}/inventory`, headers: { 'x-host-credential': credential }, body: inventory,
    });
    expect(put.status, put.body).toBe(204);
    // Maintenance's verdicts, as its sweep hands them to the host service.
    const health = (from: HostHealth | null, to: HostHealth) =>
      t.controller.services.hosts.applyHealth(internalContext('req-dc-audit', '/maintenance'), new Map([[uuid, { from, to }]]));
    await health(null, 'up');
    const unlock = await t.request({
      method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }],
    });
    expect(unlock.status, unlock.body).toBe(200);
    expect((await fresh()).report).toMatchObject({ availability: 'online', hosts: { total: 1, available: 1, offline: 0 } });
    await health('up', 'failed');
    const failed = await fresh();
    expect(failed.report).toMatchObject({ availability: 'degraded', hosts: { total: 1, available: 0, failed: 1 } });
    expect(failed.report.alarms.critical).toBeGreaterThan(0);
    await health('failed', 'up');
    expect((await fresh()).report.availability).toBe('online');
  });

  it('refuses an audit without a token (401) and by a user without the admin role (403)', async () => {
    expect((await audit({}, null)).status).toBe(401);
    const member = await createUser(t, admin, 'dc-bob', { role: 'member' });
    const memberToken = await t.login(member.name, member.password);
    const denied = await audit({}, memberToken);
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
