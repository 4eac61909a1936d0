import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCall } from './support/json-call.js';
import {
  adminToken, murmur, murmurOk, readOpenrc, startController, stopController, type RunningController,
} from './support/murmur-process.js';

const INTERVAL_S = 2;
const EDGES = ['edge-1', 'edge-2', 'edge-3'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Site {
  readonly region: string;
  data: string;
  controller: RunningController;
  url: string;
}

async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  limitMs = 30_000,
): Promise<T> {
  const start = performance.now();
  let last: T | undefined;
  while (performance.now() - start < limitMs) {
    last = await read();
    if (check(last)) return last;
    await sleep(200);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

/** Logs in at a controller's identity API: the token, or the status refused. */
async function login(url: string, user: string, password: string): Promise<string | number> {
  const res = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'Default' } } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  await res.text();
  return res.status === 201 ? res.headers.get('x-subject-token')! : res.status;
}

// The answer is JSON as the wire has it: the checks below read it as such.
/** A login that may need the next audit's push: a few tries, far fewer than the subcloud's throttle of failures. */
async function loginSoon(url: string, user: string, password: string): Promise<string | number> {
  let last: string | number = 0;
  for (let i = 0; i < 5; i++) {
    last = await login(url, user, password);
    if (typeof last === 'string') return last;
    await sleep(1500);
  }
  return last;
}

const call = jsonCall;

/** A release bundle signed with `key`, built by `murmur software build-release`, with `payloadBytes` random bytes. */
async function buildRelease(dir: string, id: string, key: string, payloadBytes: number): Promise<Buffer> {
  const src = path.join(dir, id);
  mkdirSync(path.join(src, 'payload'), { recursive: true });
  writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id, version: id.split('-').at(-1), summary: `${id} for the fleet` }));
  writeFileSync(path.join(src, 'payload', 'data'), randomBytes(payloadBytes));
  const out = path.join(dir, `${id}.tar.gz`);
  await murmurOk(['software', 'build-release', src, '--key', key, '-o', out], process.env);
  return readFileSync(out);
}

/** A system controller and three subclouds, each a `murmur up` with its local agent on its own data dir and port. */
describe('a system controller and three real subclouds', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-dc-fleet-'));
  let central: RunningController;
  let centralToken = '';
  const sites: Site[] = [];
  const dc = (method: string, route: string, body?: unknown) => call(central.url, centralToken, method, `/dcmanager/v1.0${route}`, body);
  const show = (name: string) => dc('GET', `/subclouds/${name}`);
  const activeAlarms = async () =>
    ((await call(central.url, centralToken, 'GET', '/fm/v1/alarms')).alarms as { alarm_id: string; entity_instance_id: string }[])
      .map((a) => `${a.alarm_id} ${a.entity_instance_id}`);

  const upload = async (bundle: Buffer) => {
    const res = await fetch(`${central.url}/usm/v1/upload`, {
      method: 'POST', headers: { 'x-auth-token': centralToken, 'content-type': 'application/gzip' }, body: new Uint8Array(bundle),
    });
    expect(res.status, await res.text()).toBe(200);
  };
  const edgeArgs = (region: string) =>
    ['--data', path.join(dir, region), '--region', region, '--config', path.join(dir, 'edge.json')];

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'central.json'), JSON.stringify({
      dcManager: { auditIntervalSeconds: INTERVAL_S, auditTimeoutMs: 1000 },
      // Prestages paced to 1 MiB/s per subcloud, so that a few MiB take a few seconds; retried soon after a failure.
      dcOrchestration: {
        pollMs: 200, prestageChunkBytes: 256 * 1024, prestageBytesPerSecond: 1024 * 1024, prestageRetryBaseMs: 200,
        prestageRetryMaxMs: 1000, prestageMaxAttempts: 60,
      },
    }));
    writeFileSync(path.join(dir, 'edge.json'), JSON.stringify({ orchestration: { pollMs: 100, stabilizeSeconds: 0 } }));
    central = await startController(['--data', path.join(dir, 'central'), '--role', 'systemcontroller', '--config', path.join(dir, 'central.json')]);
    // The subclouds trust the system controller's release signing key, as sites trust their vendor's.
    for (const region of EDGES) {
      mkdirSync(path.join(dir, region), { recursive: true });
      copyFileSync(path.join(dir, 'central', 'release-signing-key.pem'), path.join(dir, region, 'release-signing-key.pem'));
    }
    const started = await Promise.all(
      EDGES.map((region) => startController(edgeArgs(region), {}, { localAgent: true })),
    );
    centralToken = await adminToken(central.url, central.adminPassword!);
    for (const [i, region] of EDGES.entries()) {
      const controller = started[i]!;
      sites.push({ region, data: path.join(dir, region), controller, url: controller.url });
    }
    for (const site of sites) {
      const token = await adminToken(site.url, site.controller.adminPassword!);
      const { token: joinToken } = await call(site.url, token, 'POST', '/dcagent/v1/join-tokens', { description: 'central' });
      const added = await dc('POST', '/subclouds/', { name: site.region, url: site.url, join_token: joinToken });
      await dc('PATCH', `/subclouds/${added.id}`, { 'management-state': 'managed' });
    }
  });
  afterAll(async () => {
    await Promise.all([
      central && stopController(central),
      ...sites.map((s) => s.controller && stopController(s.controller)),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('audits all three: managed, online and in sync', async () => {
    const summary = await until(async () => (await dc('GET', '/subclouds/summary')).summary, (s) => s.sync_status['in-sync'] === 3, 'in sync');
    expect(summary.availability_status.online).toBe(3);
    for (const site of sites) expect(await show(site.region)).toMatchObject({ 'management-state': 'managed', 'availability-status': 'online', sync_status: 'in-sync' });
  });

  it('brings a user made centrally, and then a change of its password, to every subcloud, where they log in', async () => {
    // Each change is pushed to every subcloud at its next audit: wait for three more pushes, then log in once on each
    // (polling logins would only trip the subclouds' throttle of failed logins).
    const syncs = async () => (await dc('GET', '/subclouds/summary')).audit.syncs as number;
    const pushedToAll = async (before: number) => until(syncs, (n) => n >= before + sites.length, 'a push to every subcloud');
    let before = await syncs();
    const user = await call(central.url, centralToken, 'POST', '/identity/v3/users', { user: { name: 'ops', password: 'Fleet-password-1!', domain_id: 'default' } });
    const project = (await call(central.url, centralToken, 'GET', '/identity/v3/projects?name=admin')).projects[0];
    const role = (await call(central.url, centralToken, 'GET', '/identity/v3/roles?name=member')).roles[0];
    await fetch(`${central.url}/identity/v3/projects/${project.id}/users/${user.user.id}/roles/${role.id}`, { method: 'PUT', headers: { 'x-auth-token': centralToken } });
    await pushedToAll(before);
    for (const site of sites) expect(typeof (await loginSoon(site.url, 'ops', 'Fleet-password-1!'))).toBe('string');
    before = await syncs();
    await call(central.url, centralToken, 'PATCH', `/identity/v3/users/${user.user.id}`, { user: { password: 'Fleet-password-2!' } });
    await pushedToAll(before);
    for (const site of sites) {
      expect(typeof (await loginSoon(site.url, 'ops', 'Fleet-password-2!'))).toBe('string');
      expect(await login(site.url, 'ops', 'Fleet-password-1!')).toBe(401);
    }
  });

  it('shows a suppression changed on one subcloud out-of-sync, then overwrites it', async () => {
    const edge = sites[0]!;
    const token = await login(edge.url, 'admin', central.adminPassword!);
    expect(typeof token).toBe('string');
    const list = (await call(edge.url, token as string, 'GET', '/fm/v1/event_suppression')).event_suppression as { uuid: string; alarm_id: string; suppression_status: string }[];
    const target = list.find((s) => s.alarm_id === '100.101')!;
    await call(edge.url, token as string, 'PATCH', `/fm/v1/event_suppression/${target.uuid}`, [{ path: '/suppression_status', value: 'suppressed', op: 'replace' }]);
    const events = async () =>
      ((await call(central.url, centralToken, 'GET', '/fm/v1/event_log?q.field=event_log_id&q.op=eq&q.value=280.002')).event_log as { entity_instance_id: string; state: string }[])
        .filter((e) => e.entity_instance_id === `subcloud=${edge.region}.resource=platform`)
        .map((e) => e.state);
    expect(await until(events, (s) => s.length === 2, 'out-of-sync raised, then cleared')).toEqual(['clear', 'set']);
    const after = (await call(edge.url, token as string, 'GET', '/fm/v1/event_suppression')).event_suppression as typeof list;
    expect(after.find((s) => s.alarm_id === '100.101')!.suppression_status).toBe('unsuppressed');
  });

  it('marks a killed subcloud offline with 280.001 within two audit intervals, and online, in sync and cleared once it is back', async () => {
    const edge = sites[1]!;
    await stopController(edge.controller, 'SIGKILL');
    const killed = performance.now();
    await until(() => show(edge.region), (s) => s['availability-status'] === 'offline', 'offline', 4 * INTERVAL_S * 1000 + 5000);
    expect((performance.now() - killed) / 1000).toBeLessThan(2 * INTERVAL_S + 2 + 1);
    expect(await activeAlarms()).toContain(`280.001 subcloud=${edge.region}`);
    edge.controller = await startController([...edgeArgs(edge.region), '--listen', new URL(edge.url).host], {}, { localAgent: true });
    const back = await until(() => show(edge.region), (s) => s['availability-status'] === 'online' && s.sync_status === 'in-sync', 'online and in sync');
    expect(back['management-state']).toBe('managed');
    expect(await activeAlarms()).not.toContain(`280.001 subcloud=${edge.region}`);
  });

  it('resumes a prestage interrupted by killing the subcloud mid-transfer, and completes it', async () => {
    const edge = sites[2]!;
    const bundle = await buildRelease(dir, 'fleet-prestage-1.0.0', path.join(dir, 'central', 'release-signing-key.pem'), 4 * 1024 * 1024);
    await upload(bundle);
    const env = { ...readOpenrc(path.join(dir, 'central', 'openrc')), MURMUR_SUBCLOUD_SYSADMIN_PASSWORD: 'Sysadmin*1' };
    // The CLI as an operator runs it, following the prestage to its end.
    const watched = murmur(['dcmanager', 'subcloud', 'prestage', edge.region, '--release', 'fleet-prestage-1.0.0', '--for-sw-deploy', '--watch', '--interval', '0.5'], env);
    const progress = () => dc('GET', `/subclouds/${edge.region}/prestage`);
    await until(progress, (p) => p.percent > 30, 'a third sent', 20_000);
    await stopController(edge.controller, 'SIGKILL');
    await sleep(1000);
    edge.controller = await startController([...edgeArgs(edge.region), '--listen', new URL(edge.url).host], {}, { localAgent: true });
    const done = await until(progress, (p) => p.status !== 'prestaging', 'the prestage ended', 60_000);
    expect(done).toMatchObject({ status: 'complete', percent: 100, bytes_sent: bundle.length, error: null });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.resumed_from_bytes).toBeGreaterThan(0);
    const cli = await watched;
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout.trim().split('\n').at(-1)).toMatch(/^edge-3 complete fleet-prestage-1\.0\.0 100% /);
    const token = await login(edge.url, 'admin', central.adminPassword!);
    const releases = await call(edge.url, token as string, 'GET', '/usm/v1/release') as Array<{ release_id: string; state: string }>;
    expect(releases.find((r) => r.release_id === 'fleet-prestage-1.0.0')?.state).toBe('available');
    expect((await show(edge.region))['prestage-versions']).toBe('fleet-prestage-1.0.0');
  }, 120_000);

  it('leaves every host of every subcloud on the release with a sw-deploy strategy across the three, two at a time', async () => {
    const release = 'fleet-deploy-1.0.0';
    const bundle = await buildRelease(dir, release, path.join(dir, 'central', 'release-signing-key.pem'), 1024);
    await upload(bundle);
    const tokens = new Map<string, string>();
    for (const site of sites) {
      const token = (await loginSoon(site.url, 'admin', central.adminPassword!)) as string;
      tokens.set(site.region, token);
      await call(site.url, token, 'PATCH', '/sysinv/v1/ihosts/controller-0', [{ op: 'replace', path: '/action', value: 'unlock' }]);
    }
    for (const site of sites) {
      await until(() => call(site.url, tokens.get(site.region)!, 'GET', '/sysinv/v1/ihosts/controller-0'), (h) => h.availability === 'available', `${site.region} available`);
    }
    await until(async () => (await dc('GET', '/subclouds/summary')).summary, (s) => s.availability_status.online === 3, 'all online');
    await dc('POST', '/sw-update-strategy/', {
      type: 'sw-deploy', release_id: release, 'max-parallel-subclouds': 2, snapshot: false, rollback: false, delete: false,
      cleanup: false, with_prestage: false, kube_upgrade: null,
    });
    await dc('POST', '/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' });
    let most = 0;
    const ended = await until(async () => {
      const steps = (await dc('GET', '/sw-update-strategy/steps'))['strategy-steps'] as Array<{ stage: string }>;
      most = Math.max(most, steps.filter((s) => s.stage === 'Apply').length);
      return dc('GET', '/sw-update-strategy?type=sw-deploy');
    }, (st) => ['complete', 'failed', 'aborted'].includes(st.state), 'the strategy ended', 90_000);
    expect(ended.state).toBe('complete');
    expect(most).toBeLessThanOrEqual(2);
    for (const site of sites) {
      const hosts = await call(site.url, tokens.get(site.region)!, 'GET', '/usm/v1/deploy_host') as Array<{ hostname: string; software_release: string | null }>;
      expect(hosts.length).toBeGreaterThan(0);
      expect(hosts.every((h) => h.software_release === release), JSON.stringify(hosts)).toBe(true);
    }
    await dc('DELETE', '/sw-update-strategy?type=sw-deploy');
  }, 150_000);

  it('keeps every subcloud serving its users while the system controller is down', async () => {
    await stopController(central);
    for (const site of sites) expect(typeof (await login(site.url, 'ops', 'Fleet-password-2!'))).toBe('string');
  });
});
