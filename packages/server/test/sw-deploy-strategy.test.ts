import { discoverHost, fixtureRoots, hollowReport, HostAgent } from '@murmuration/agent';
import { buildBundle } from '@murmuration/release';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { fmClient } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

const HOSTS: Array<[string, string]> = [
  ['controller-0', 'controller'],
  ['controller-1', 'controller'],
  ['compute-0', 'worker'],
  ['compute-1', 'worker'],
  ['compute-2', 'worker'],
];
const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/**
 * The sw-deploy strategy over five hosts whose agents run in this process (hollow hosts: the real
 * agent code, with fixture hardware), installing real bundles into their slots.
 */
describe.each(testDialects())('sw-deploy strategies on %s', (dialect) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-strategy-'));
  let admin: string;
  const agents: HostAgent[] = [];
  const strategyUrl = '/nfv/api/orchestration/sw-upgrade/strategy';
  const upload = async (id: string, pre?: string) => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const files = [
      { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1), hooks: pre ? { pre_install: 'hooks/pre.sh' } : {} })) },
      { path: 'payload/version', data: Buffer.from(id) },
      ...(pre ? [{ path: 'hooks/pre.sh', data: Buffer.from(pre) }] : []),
    ];
    const res = await t.request({ method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: buildBundle(files, key).bundle, headers: { 'content-type': 'application/gzip' } });
    expect(res.status, res.body).toBe(200);
  };
  const strategy = async () => (await t.request({ method: 'GET', url: strategyUrl, token: admin })).json().strategy;
  const act = (action: string, extra: Record<string, unknown> = {}) => t.request({ method: 'POST', url: `${strategyUrl}/actions`, token: admin, body: { action, ...extra } });
  const running = async () =>
    Object.fromEntries(((await t.request({ method: 'GET', url: '/usm/v1/deploy_host', token: admin })).json() as Array<{ hostname: string; software_release: string | null }>).map((h) => [h.hostname, h.software_release]));
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await strategy())}`);
  };

  const t = useTestController(dialect, { config: { systemMode: 'duplex', orchestration: { pollMs: 20, stabilizeSeconds: 0 } } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    const base = await t.controller.listen();
    admin = await t.adminToken();
    const profile = await discoverHost(await fixtureRoots('small-aio', scratch));
    for (const [i, [hostname, personality]] of HOSTS.entries()) {
      const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token as string;
      const report = hollowReport(profile, hostname, i);
      const dir = path.join(scratch, hostname);
      const agent = new HostAgent({
        controller: base,
        stateDir: dir,
        configRoot: path.join(dir, 'config'),
        softwareRoot: path.join(dir, 'software'),
        bootstrapToken: token,
        hostname,
        personality,
        discover: async () => report,
        inventoryIntervalMs: 3_600_000,
        maxBackoffMs: 1000,
        log: quiet,
      });
      await agent.start();
      agents.push(agent);
    }
    for (const [hostname] of HOSTS) {
      await until(`${hostname} online`, async () => (await t.request({ method: 'GET', url: `/sysinv/v1/ihosts/${hostname}`, token: admin })).json().availability === 'online');
      const res = await t.request({ method: 'PATCH', url: `/sysinv/v1/ihosts/${hostname}`, token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] });
      expect(res.status, res.body).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    for (const agent of agents) await agent.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('builds stages in StarlingX order with workers in groups of max-parallel, and applies them all', async () => {
    await upload('tools-1.0.0');
    const created = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.0.0', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 2 } });
    expect(created.status, created.body).toBe(200);
    const built = created.json().strategy;
    expect(built).toMatchObject({ state: 'ready-to-apply', 'release-id': 'tools-1.0.0', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 2, 'current-phase': 'build' });
    const stages = built['apply-phase'].stages as Array<{ 'stage-name': string; steps: Array<{ 'step-name': string; 'entity-names': string[] }> }>;
    expect(stages.map((s) => `${s['stage-name']}(${s.steps.flatMap((st) => st['entity-names']).join(',')})`)).toEqual([
      'sw-upgrade-start()',
      'sw-upgrade-controllers(controller-0)',
      'sw-upgrade-controllers(controller-1)',
      'sw-upgrade-worker-hosts(compute-0,compute-1)',
      'sw-upgrade-worker-hosts(compute-2)',
      'sw-upgrade-complete()',
    ]);
    const second = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.0.0' } });
    expect(second.status).toBe(409);

    const applied = await act('apply-all');
    expect(applied.status, applied.body).toBe(202);
    expect(applied.json().strategy.state).toBe('applying');
    await until('applied', async () => (await strategy()).state === 'applied');
    const done = await strategy();
    expect(done['apply-phase']).toMatchObject({ result: 'success', 'completion-percentage': 100 });
    const ends = (done['apply-phase'].stages as Array<{ result: string; 'start-date-time': string; 'end-date-time': string }>).map((s) => [s.result, s['start-date-time'], s['end-date-time']]);
    expect(ends.every(([result]) => result === 'success')).toBe(true);
    for (let i = 1; i < ends.length; i++) expect(ends[i]![1]! >= ends[i - 1]![2]!).toBe(true);
    expect(Object.values(await running())).toEqual(['tools-1.0.0', 'tools-1.0.0', 'tools-1.0.0', 'tools-1.0.0', 'tools-1.0.0']);
    const events = await fm.events('q.field=event_log_id&q.op=eq&q.value=900.201&alarms=True');
    expect(events.map((e) => e['state']).reverse()).toEqual(['set', 'clear']);
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
  });

  it('stops with apply-failed and 900.203 when a host fails, naming it, and leaves the rest untouched', async () => {
    await upload('tools-1.1.0', 'case "$MURMUR_SLOT" in *compute-1*) echo "no room on compute-1" >&2; exit 2;; esac\n');
    expect((await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.1.0', 'worker-apply-type': 'serial', 'controller-apply-type': 'ignore' } })).status).toBe(200);
    expect((await act('apply-all')).status).toBe(202);
    await until('apply-failed', async () => (await strategy()).state === 'apply-failed');
    const failed = await strategy();
    expect(failed['apply-phase'].reason).toBe('sw-deploy-hosts failed: compute-1: pre-install hook hooks/pre.sh failed (exit 2): no room on compute-1 (left on tools-1.0.0)');
    expect((failed['apply-phase'].stages as Array<{ result: string }>).map((s) => s.result)).toEqual(['success', 'success', 'failed', 'aborted', 'aborted']);
    expect(await running()).toMatchObject({ 'controller-0': 'tools-1.0.0', 'compute-0': 'tools-1.1.0', 'compute-1': 'tools-1.0.0', 'compute-2': 'tools-1.0.0' });
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.203')).toEqual([expect.objectContaining({ entity_instance_id: 'orchestration=sw-deploy', severity: 'critical' })]);
    expect((await act('apply-all')).status).toBe(409);
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.203')).toEqual([]);
  });

  it('finishes the step under way when aborted, then marks the rest aborted', async () => {
    await upload('tools-1.2.0', 'sleep 2\n');
    expect((await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.2.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'serial' } })).status).toBe(200);
    expect((await act('apply-all')).status).toBe(202);
    await until('a host deploying', async () => Object.values(await running()).length > 0 && (await strategy())['apply-phase'].stages[1].result === 'inprogress');
    const aborting = await act('abort');
    expect(aborting.status, aborting.body).toBe(202);
    expect(aborting.json().strategy.state).toBe('aborting');
    await until('aborted', async () => (await strategy()).state === 'aborted');
    const aborted = await strategy();
    // The step under way (compute-0's deploy) finished; its stage and everything after it are aborted.
    const stages = aborted['apply-phase'].stages as Array<{ result: string; steps: Array<{ result: string }> }>;
    expect(stages.map((s) => s.result)).toEqual(['success', 'aborted', 'aborted', 'aborted', 'aborted']);
    expect(stages[1]!.steps.map((s) => s.result)).toEqual(['success', 'initial']);
    expect(aborted['abort-phase'].result).toBe('success');
    expect((await running())['compute-0']).toBe('tools-1.2.0');
    expect((await running())['compute-1']).toBe('tools-1.0.0');
    expect(await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=orchestration=sw-deploy')).toEqual([]);
  });

  it('carries on past a failed host within --max-failures, leaving it on its previous release', async () => {
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    await upload('tools-1.3.0', 'case "$MURMUR_SLOT" in *compute-1*) exit 5;; esac\n');
    const created = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.3.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'serial', 'max-failures': 1 } });
    expect(created.status, created.body).toBe(200);
    expect((await act('apply-all')).status).toBe(202);
    await until('applied', async () => ['applied', 'apply-failed'].includes((await strategy()).state));
    const done = await strategy();
    expect(done).toMatchObject({ state: 'applied', 'failed-hosts': ['compute-1'], 'max-failures': '1' });
    expect(done['apply-phase']).toMatchObject({ result: 'degraded', reason: 'left on their previous release: compute-1' });
    expect((done['apply-phase'].stages as Array<{ result: string }>).map((st) => st.result)).toEqual(['success', 'success', 'degraded', 'success', 'success']);
    expect(await running()).toMatchObject({ 'compute-0': 'tools-1.3.0', 'compute-1': 'tools-1.0.0', 'compute-2': 'tools-1.3.0' });
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.021')).toEqual([expect.objectContaining({ entity_instance_id: 'host=compute-1' })]);
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.004')).toEqual([
      expect.objectContaining({ entity_instance_id: 'host=compute-1', reason_text: 'compute-1 is running tools-1.0.0, not tools-1.3.0, the release it should run' }),
    ]);
  });

  it('stops when failures pass the budget', async () => {
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    await upload('tools-1.4.0', 'case "$MURMUR_SLOT" in *compute-0*|*compute-1*) exit 6;; esac\n');
    await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.4.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 3, 'max-failures': '34%' } });
    expect((await act('apply-all')).status).toBe(202);
    await until('apply-failed', async () => (await strategy()).state === 'apply-failed');
    expect((await strategy())['apply-phase'].reason).toMatch(/^sw-deploy-hosts failed: compute-0: .*; compute-1: /);
  });

  it('runs the canaries first and soaks them before the rest', async () => {
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    await upload('tools-1.5.0');
    const created = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.5.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'parallel', canary: 1, soak: 1 } });
    expect(created.json().strategy['apply-phase'].stages.map((st: { 'stage-name': string }) => st['stage-name'])).toEqual([
      'sw-upgrade-start', 'sw-upgrade-canary-hosts', 'sw-upgrade-worker-hosts', 'sw-upgrade-complete',
    ]);
    expect((await act('apply-all')).status).toBe(202);
    await until('applied', async () => (await strategy()).state === 'applied');
    const stages = (await strategy())['apply-phase'].stages as Array<{ steps: Array<{ 'step-name': string; 'start-date-time': string; 'end-date-time': string }> }>;
    const soak = stages[1]!.steps.find((st) => st['step-name'] === 'soak')!;
    expect(Date.parse(`${soak['end-date-time']}Z`) - Date.parse(`${soak['start-date-time']}Z`)).toBeGreaterThanOrEqual(1000);
    expect(stages[2]!.steps[0]!['start-date-time'] >= soak['end-date-time']).toBe(true);
  });

  it('takes over, with a new strategy, the hosts a failed one left behind: their deployment alarms do not hold it back', async () => {
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    const fixed = path.join(scratch, 'compute-2-fixed');
    await upload('tools-1.6.0', `case "$MURMUR_SLOT" in *compute-2*) [ -e ${fixed} ] || { echo "no room on compute-2" >&2; exit 3; };; esac\n`);
    const body = { release: 'tools-1.6.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'serial', 'alarm-restrictions': 'strict' };
    expect((await t.request({ method: 'POST', url: strategyUrl, token: admin, body })).status).toBe(200);
    expect((await act('apply-all')).status).toBe(202);
    await until('apply-failed', async () => (await strategy()).state === 'apply-failed');
    const left = (await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=host=compute-2')).map((a) => a['alarm_id']).sort();
    expect(left).toEqual(['900.004', '900.021']);

    // The operator fixes the cause, deletes the failed strategy and makes a new one: it starts past those alarms.
    writeFileSync(fixed, '');
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    const created = await t.request({ method: 'POST', url: strategyUrl, token: admin, body });
    expect(created.json().strategy['apply-phase'].stages.map((st: { 'stage-name': string }) => st['stage-name'])).toEqual(['sw-upgrade-start', 'sw-upgrade-worker-hosts', 'sw-upgrade-complete']);
    expect((await act('apply-all')).status).toBe(202);
    await until('applied', async () => ['applied', 'apply-failed'].includes((await strategy()).state));
    expect(await strategy()).toMatchObject({ state: 'applied', 'apply-phase': { result: 'success' } });
    expect(await running()).toMatchObject({ 'compute-0': 'tools-1.6.0', 'compute-1': 'tools-1.6.0', 'compute-2': 'tools-1.6.0' });
    expect(await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=host=compute-2')).toEqual([]);
  });

  it('refuses what a strategy cannot do, with a clear 4xx', async () => {
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: strategyUrl, token: admin, body: {} })).status).toBe(404);
    expect((await act('apply-all')).status).toBe(404);
    const range = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-1.2.0', 'max-parallel-worker-hosts': 5000 } });
    expect(range.status).toBe(400);
    expect(range.json()).toEqual({ faultcode: 'Client', faultstring: expect.stringContaining('max-parallel-worker-hosts must be from 2 to 1000'), debuginfo: null });
    const unknown = await t.request({ method: 'POST', url: strategyUrl, token: admin, body: { release: 'tools-9.9.9' } });
    expect(unknown.status).toBe(400);
    expect((await strategy())).toBeNull();
  });
});
