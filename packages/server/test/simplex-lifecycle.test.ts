import { discoverHost, fixtureRoots, hollowReport, HostAgent } from '@murmuration/agent';
import { buildBundle } from '@murmuration/release';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { faultOf } from './support/api-helpers.js';
import { useTestController } from './support/use-test-controller.js';

const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/**
 * An all-in-one simplex system whose one controller has its agent in this process: it can be
 * locked (it stays the active controller), so releases that need a reboot can be deployed on it,
 * by hand or by a sw-deploy strategy, and it can be unlocked again.
 */
describe.each(testDialects())('the controller of a simplex system on %s', (dialect) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-simplex-'));
  let admin: string;
  let agent: HostAgent;
  const action = (value: string) => t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/controller-0', token: admin, body: [{ op: 'replace', path: '/action', value }] });
  const show = async () => (await t.request({ method: 'GET', url: '/sysinv/v1/ihosts/controller-0', token: admin })).json();
  const states = async () => {
    const h = await show();
    return `${h.administrative}/${h.operational}/${h.availability}`;
  };
  const deployHost = async () => (await t.request({ method: 'GET', url: '/usm/v1/deploy_host', token: admin })).json()[0];
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}: ${await states()} ${JSON.stringify(await deployHost())}`);
  };
  const upload = async (id: string) => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const files = [
      { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1), reboot_required: true })) },
      { path: 'payload/version', data: Buffer.from(id) },
    ];
    const res = await t.request({ method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: buildBundle(files, key).bundle, headers: { 'content-type': 'application/gzip' } });
    expect(res.status, res.body).toBe(200);
  };

  const t = useTestController(dialect, { config: { orchestration: { pollMs: 20, stabilizeSeconds: 0 } } });
  beforeAll(async () => {
    const base = await t.controller.listen();
    admin = await t.adminToken();
    const report = hollowReport(await discoverHost(await fixtureRoots('small-aio', scratch)), 'controller-0', 0);
    const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token as string;
    agent = new HostAgent({
      controller: base,
      stateDir: scratch,
      configRoot: path.join(scratch, 'config'),
      softwareRoot: path.join(scratch, 'software'),
      bootstrapToken: token,
      hostname: 'controller-0',
      personality: 'controller',
      discover: async () => report,
      inventoryIntervalMs: 3_600_000,
      maxBackoffMs: 1000,
      log: quiet,
    });
    await agent.start();
    await until('controller-0 online', async () => (await states()) === 'locked/disabled/online');
    expect((await action('unlock')).status).toBe(200);
    await until('controller-0 available', async () => (await states()) === 'unlocked/enabled/available');
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('locks the only controller, which stays active; refuses a reboot and a swact as sysinv does', async () => {
    const locked = await action('lock');
    expect(locked.status, locked.body).toBe(200);
    expect(locked.json()).toMatchObject({ administrative: 'locked', operational: 'disabled', availability: 'online', capabilities: { Personality: 'Controller-Active' } });
    const reboot = await action('reboot');
    expect(reboot.status).toBe(400);
    expect(faultOf(reboot).faultstring).toBe('Rebooting a simplex system is not allowed.');
    expect(faultOf(await action('swact')).faultstring).toBe('Swact action not allowed for a simplex system.');
    expect(faultOf(await action('lock')).faultstring).toBe('controller-0 is already locked.');
  });

  it('deploys a release that needs a reboot on the locked controller, then unlocks it', async () => {
    await upload('kernel-1.0.0');
    const started = await t.request({ method: 'POST', url: '/usm/v1/deploy_host/controller-0', token: admin, body: { release: 'kernel-1.0.0' } });
    expect(started.status, started.body).toBe(200);
    await until('kernel-1.0.0 deployed', async () => (await deployHost()).host_state === 'deployed');
    expect(await deployHost()).toMatchObject({ software_release: 'kernel-1.0.0', reboot_required: true });
    expect((await action('unlock')).status).toBe(200);
    await until('controller-0 available', async () => (await states()) === 'unlocked/enabled/available');
  });

  it('rolls a release that needs a reboot onto it with a sw-deploy strategy: lock, deploy, unlock', async () => {
    await upload('kernel-1.1.0');
    const url = '/nfv/api/orchestration/sw-upgrade/strategy';
    const created = await t.request({ method: 'POST', url, token: admin, body: { release: 'kernel-1.1.0' } });
    expect(created.status, created.body).toBe(200);
    const steps = created.json().strategy['apply-phase'].stages[1].steps.map((s: { 'step-name': string }) => s['step-name']);
    expect(steps).toEqual(['lock-hosts', 'sw-deploy-hosts', 'unlock-hosts', 'wait-alarms-clear']);
    expect((await t.request({ method: 'POST', url: `${url}/actions`, token: admin, body: { action: 'apply-all' } })).status).toBe(202);
    const strategy = async () => (await t.request({ method: 'GET', url, token: admin })).json().strategy;
    await until('applied', async () => ['applied', 'apply-failed'].includes((await strategy()).state));
    expect(await strategy()).toMatchObject({ state: 'applied', 'apply-phase': { result: 'success' } });
    expect(await deployHost()).toMatchObject({ software_release: 'kernel-1.1.0', host_state: 'deployed' });
    expect(await states()).toBe('unlocked/enabled/available');
  });
});
