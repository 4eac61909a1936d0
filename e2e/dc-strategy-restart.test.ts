import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, hasPostgres, type TestDatabase } from '../test-support/databases.js';
import { rawQuery } from '../test-support/raw-database.js';
import { startHollowSubclouds, type HollowSubcloudsProcess } from '../test-support/murmur-processes.mjs';
import { jsonCall } from './support/json-call.js';
import { adminToken, murmur, startController, stopController, type RunningController } from './support/murmur-process.js';

const RELEASE = 'edge-3.0.0';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StrategyView {
  state: string;
  'step-counts': Record<string, number>;
}

/** What the two suites share: one system controller's dcmanager API, the fleet's join, the strategy and its end. */
function fleet(dir: string, count: number) {
  let token = '';
  const dc = <T = Record<string, unknown>>(url: string, method: string, route: string, body?: unknown): Promise<T> =>
    jsonCall(url, token, method, `/dcmanager/v1.0${route}`, body) as Promise<T>;
  const strategy = (url: string) => dc<StrategyView>(url, 'GET', '/sw-update-strategy?type=sw-deploy');
  return {
    dc,
    strategy,
    async login(controller: RunningController) {
      token = await adminToken(controller.url, controller.adminPassword!);
    },
    /** Every hollow subcloud added with its join token and managed, 50 at a time, then seen online. */
    async join(url: string, hollow: HollowSubcloudsProcess) {
      let next = 0;
      await Promise.all(Array.from({ length: 50 }, async () => {
        while (next < count) {
          const line = hollow.manifest[next++]!;
          await dc(url, 'POST', '/subclouds/', { name: line.name, url: line.url, join_token: line.join_token });
          await dc(url, 'PATCH', `/subclouds/${line.name}`, { 'management-state': 'managed' });
        }
      }));
      for (;;) {
        const { summary } = await dc<{ summary: { availability_status: Record<string, number> } }>(url, 'GET', '/subclouds/summary');
        if (summary.availability_status['online'] === count) return;
        await sleep(250);
      }
    },
    /** Builds the release with the system controller's key and uploads it there. */
    async uploadRelease(url: string, data: string, id = RELEASE) {
      const src = path.join(dir, id);
      mkdirSync(src, { recursive: true });
      writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id, version: id.split('-').at(-1) }));
      writeFileSync(path.join(src, 'payload'), id);
      const bundle = path.join(dir, `${id}.tar.gz`);
      const built = await murmur(['software', 'build-release', src, '--key', path.join(data, 'release-signing-key.pem'), '-o', bundle], {});
      expect(built.code, built.stderr).toBe(0);
      const res = await fetch(`${url}/usm/v1/upload`, {
        method: 'POST', headers: { 'x-auth-token': token, 'content-type': 'application/gzip' }, body: new Blob([readFileSync(bundle)]),
      });
      expect(res.status, await res.text()).toBe(200);
    },
    async createAndApply(url: string, maxParallel: number, release = RELEASE) {
      await dc(url, 'POST', '/sw-update-strategy/', {
        type: 'sw-deploy', 'max-parallel-subclouds': maxParallel, release_id: release,
        snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false, kube_upgrade: null,
      });
      await dc(url, 'POST', '/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' });
    },
    /** Waits until some subclouds are complete and others under way: the moment to kill the one that drives it. */
    async midway(url: string, complete: number) {
      for (;;) {
        const counts = (await strategy(url))['step-counts'];
        const done = counts['complete'] ?? 0;
        if (done >= complete && count - done - (counts['initial'] ?? 0) > 0) return counts;
        await sleep(100);
      }
    },
    async ended(url: string): Promise<StrategyView> {
      for (;;) {
        const shown = await strategy(url);
        if (['complete', 'failed', 'aborted'].includes(shown.state)) return shown;
        await sleep(250);
      }
    },
    steps: async (url: string) =>
      (await dc<{ 'strategy-steps': { cloud: string; state: string }[] }>(url, 'GET', '/sw-update-strategy/steps'))['strategy-steps'],
    /** Every step complete, and each subcloud's own strategy created once and applied once. */
    async expectEachOnce(url: string, hollow: HollowSubcloudsProcess) {
      const steps = await this.steps(url);
      expect(steps.filter((s) => s.state !== 'complete')).toEqual([]);
      expect(steps).toHaveLength(count);
      const stats = await hollow.control.stats();
      const notOnce = (counts: number[]) => counts.flatMap((n, i) => (n === 1 ? [] : [`${i}: ${n}`]));
      expect(notOnce(stats.strategyCreates)).toEqual([]);
      expect(notOnce(stats.strategyApplies)).toEqual([]);
    },
  };
}

const systemController = (dir: string, data: string, config: string) =>
  startController(['--data', path.join(dir, data), '--role', 'systemcontroller', '--config', config]);

/**
 * The acceptance of the fleet strategy's persistence with real processes: a system controller on SQLite driving
 * 1,000 hollow subclouds, killed outright mid-strategy and started again on its data directory.
 */
describe('a system controller killed -9 mid-strategy across 1,000 hollow subclouds', () => {
  const COUNT = 1000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-dc-restart-'));
  const f = fleet(dir, COUNT);
  const config = path.join(dir, 'config.json');
  let central: RunningController;
  let hollow: HollowSubcloudsProcess;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({
      logLevel: 'warn', dcManager: { auditIntervalSeconds: 3600 }, dcOrchestration: { pollMs: 250 },
    }));
    central = await systemController(dir, 'central', config);
    await f.login(central);
    hollow = await startHollowSubclouds({ count: COUNT, seed: 'e2e-dc-restart', firstAddress: '127.30.0.1', deploySeconds: 0.5 });
    await f.join(central.url, hollow);
    await f.uploadRelease(central.url, path.join(dir, 'central'));
  }, 180_000);
  afterAll(async () => {
    await Promise.all([hollow?.stop(), central && stopController(central)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes at its restart: every subcloud deployed, none of their strategies created or applied twice', async () => {
    await f.createAndApply(central.url, 100);
    await f.midway(central.url, 200);
    expect(await stopController(central, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    central = await systemController(dir, 'central', config);
    const done = await f.ended(central.url);
    expect([done.state, done['step-counts']]).toEqual(['complete', { total: COUNT, complete: COUNT }]);
    await f.expectEachOnce(central.url, hollow);
  }, 120_000);
});

/**
 * Two system-controller replicas over one PostgreSQL: one drives the fleet strategy (the holder of its runner's
 * lease), whichever replica the strategy was applied on; killed outright, the other takes over and finishes it.
 */
describe.skipIf(!hasPostgres())('two system-controller replicas over one PostgreSQL share one fleet strategy', () => {
  const COUNT = 100;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-dc-takeover-'));
  const f = fleet(dir, COUNT);
  let db: TestDatabase;
  let first: RunningController;
  let second: RunningController;
  let hollow: HollowSubcloudsProcess;
  const config = path.join(dir, 'config.json');
  const everyIndex = () => hollow.manifest.map((line) => line.index);

  /** The connections that hold the runners' locks (one per strategy kind), by their names. */
  const lockHolders = async () => {
    const rows = await rawQuery(db.location, `select distinct a.application_name as name from pg_locks l
      join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and a.application_name like 'murmur-locks-%'`);
    return rows.map((row) => row['name']);
  };

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    if (db.location.kind !== 'postgres') throw new Error('a PostgreSQL database is needed');
    writeFileSync(config, JSON.stringify({
      database: db.location.url, logLevel: 'warn', dcManager: { auditIntervalSeconds: 3600 }, dcOrchestration: { pollMs: 250 },
    }));
    first = await systemController(dir, 'first', config);
    await f.login(first);
    hollow = await startHollowSubclouds({ count: COUNT, seed: 'e2e-dc-takeover', firstAddress: '127.31.0.1', deploySeconds: 0.5 });
    await f.join(first.url, hollow);
    // The release is on the subclouds already: its bundle is in the first replica's data directory only.
    await f.uploadRelease(first.url, path.join(dir, 'first'));
    await hollow.control.releases(everyIndex(), [{ release_id: RELEASE, sw_version: '3.0.0' }]);
    // The replicas share the key that seals the subclouds' credentials.
    mkdirSync(path.join(dir, 'second'), { recursive: true });
    copyFileSync(path.join(dir, 'first', 'dc-credential.key'), path.join(dir, 'second', 'dc-credential.key'));
    chmodSync(path.join(dir, 'second', 'dc-credential.key'), 0o600);
    second = await systemController(dir, 'second', config);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([hollow?.stop(), first && stopController(first, 'SIGKILL'), second && stopController(second)]);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is driven by the lease holder when applied on the other; taken over when the holder is killed -9', async () => {
    // The first replica took the lease at its start; the strategy is created and applied through the second.
    await f.createAndApply(second.url, 10);
    await f.midway(second.url, 30);
    expect(await lockHolders()).toEqual([`murmur-locks-${first.process.pid}`]);
    await stopController(first, 'SIGKILL');
    const done = await f.ended(second.url);
    expect([done.state, done['step-counts']]).toEqual(['complete', { total: COUNT, complete: COUNT }]);
    expect(await lockHolders()).toEqual([`murmur-locks-${second.process.pid}`]);
    await f.expectEachOnce(second.url, hollow);
  }, 120_000);

  it('honours an abort sent to the replica that does not drive the strategy', async () => {
    first = await systemController(dir, 'first', config);
    await f.dc(first.url, 'DELETE', '/sw-update-strategy?type=sw-deploy');
    await f.uploadRelease(first.url, path.join(dir, 'first'), 'edge-3.0.1');
    await hollow.control.releases(everyIndex(), [{ release_id: 'edge-3.0.1', sw_version: '3.0.1' }]);
    await hollow.control.resetStats();
    await f.createAndApply(first.url, 5, 'edge-3.0.1');
    await f.midway(first.url, 10);
    await f.dc(first.url, 'POST', '/sw-update-strategy/actions?type=sw-deploy', { action: 'abort' });
    expect((await f.ended(first.url)).state).toBe('aborted');
    expect(await lockHolders()).toEqual([`murmur-locks-${second.process.pid}`]);
    // Those under way finished; none started after the abort: each complete one's strategy made and applied once.
    const steps = await f.steps(first.url);
    const complete = new Set(steps.filter((s) => s.state === 'complete').map((s) => s.cloud));
    expect(steps.filter((s) => !complete.has(s.cloud) && s.state !== 'aborted')).toEqual([]);
    expect(complete.size).toBeLessThan(COUNT);
    const stats = await hollow.control.stats();
    const wanted = hollow.manifest.map((line) => (complete.has(line.name) ? 1 : 0));
    expect([stats.strategyCreates, stats.strategyApplies]).toEqual([wanted, wanted]);
  }, 60_000);
});
