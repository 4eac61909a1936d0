import { publicKeyOf } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { rawRequest } from '../hollow-subclouds/hollow-client.js';
import { SW_DEPLOY_FLAGS, type StepView } from '../support/fleet-strategy-wire.js';
import { uploadRelease } from '../support/release-bundles.js';
import { useSystemController } from '../support/use-system-controller.js';

const COUNT = 1000;
const RETRY_S = 60;
const nameOf = (i: number) => `sc-${String(i).padStart(4, '0')}`;

interface Stats {
  strategyCreates: number[];
  strategyApplies: number[];
  releaseUploads: number[];
  prestagesCompleted: number[];
}

/** dcmanager's times (UTC, no zone) as epoch ms. */
const epoch = (time: string) => Date.parse(`${time.replace(' ', 'T')}Z`);

/**
 * The strategy across 1,000 hollow subclouds (real HTTP, each on its own address, the VIM and USM of each built
 * from the real controller's code): the canaries and their soak, a subcloud that fails its deploy, one that is
 * unreachable and one offline when their turns come (retried later), the failure budget, an abort, and a restart
 * of the system controller mid-strategy. The system controller's clock is the test's: the soak and the retry
 * delay pass when the test says.
 */
describe.each(testDialects())('a sw-deploy strategy across 1,000 hollow subclouds on %s', (dialect) => {
  const central = useSystemController(dialect, {
    config: {
      dcOrchestration: { pollMs: 20, retryDelaySeconds: RETRY_S, maxDeferrals: 3 },
      // Audited once when managed; the test's clock never makes them due again.
      dcManager: { auditIntervalSeconds: 86_400, auditTimeoutMs: 5000 },
    },
  });
  const { dc, clock, t } = central;
  let hollow: RunningHollowSubclouds;

  const control = async (route: string, body?: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, body === undefined ? {} : { method: 'POST', body });
    if (answer.status >= 300) throw new Error(`${route}: ${answer.status} ${answer.text}`);
    return answer.text === '' ? null : answer.json();
  };
  const stats = async () => (await control('stats')) as Stats;
  const strategy = async () => (await dc.get('/sw-update-strategy?type=sw-deploy')).json();
  const steps = async (): Promise<StepView[]> => (await dc.get('/sw-update-strategy/steps')).json()['strategy-steps'];
  const step = async (i: number): Promise<StepView> => (await dc.get(`/sw-update-strategy/steps/${nameOf(i)}`)).json();
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 3000; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await strategy())}`);
  };
  const counts = async (): Promise<Record<string, number>> => (await strategy())['step-counts'];
  const ended = () => until('the strategy to end', async () => ['complete', 'failed', 'aborted'].includes((await strategy()).state));
  const create = async (body: Record<string, unknown>) => {
    const res = await dc.post('/sw-update-strategy/', { type: 'sw-deploy', ...SW_DEPLOY_FLAGS, ...body });
    expect(res.status, res.body).toBe(200);
  };
  const apply = async () => expect((await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' })).status).toBe(200);
  const remove = async () => expect((await dc.delete('/sw-update-strategy?type=sw-deploy')).status).toBe(200);
  const setAvailability = (i: number, availabilityStatus: 'online' | 'offline') =>
    t.controller.store.repos.subclouds.update(i + 1, { availabilityStatus }, clock.now());

  beforeAll(async () => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    hollow = await serveHollowSubclouds({
      count: COUNT, seed: 'fleet-strategy', firstAddress: '127.21.0.1', deploySeconds: 0.05, releasePublicKey: publicKeyOf(key),
    });
    // Added one after the other, so that subcloud i is id i + 1 (the strategy's order); managed 25 at a time.
    for (let i = 0; i < COUNT; i++) {
      const added = await dc.post('/subclouds/', { name: nameOf(i), url: hollow.fleet.urlOf(i), join_token: hollow.fleet.subclouds[i]!.joinToken });
      expect([added.status, added.json().id]).toEqual([200, i + 1]);
    }
    for (let from = 0; from < COUNT; from += 25) {
      await Promise.all(Array.from({ length: Math.min(25, COUNT - from) }, async (_, k) => {
        expect((await dc.patch(`/subclouds/${nameOf(from + k)}`, { 'management-state': 'managed' })).status).toBe(200);
      }));
    }
    await until('every subcloud online', async () =>
      (await dc.get('/subclouds/summary')).json().summary.availability_status.online === COUNT);
  }, 300_000);
  afterAll(() => hollow?.close());

  it('deploys the canaries alone, soaks them, then the rest: a failure within the budget, offline ones retried later', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.0.0');
    await control('fail-deploy', { indices: [700] });
    await control('kill', { indices: [300, 301, 302] });
    await setAvailability(301, 'offline');
    await setAvailability(302, 'offline');
    await create({ release_id: 'fleet-1.0.0', 'max-parallel-subclouds': 100, canary: 10, soak: 600, 'max-failures': 5 });
    await apply();

    // The canaries, then nothing until the soak's time has passed on the system controller's clock.
    await until('the canaries done', async () => (await counts())['complete'] === 10);
    expect(await counts()).toEqual({ total: COUNT, complete: 10, initial: COUNT - 10 });
    const canariesDone = Math.max(...(await steps()).slice(0, 10).map((s) => epoch(s['finished-at']!)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await counts())['initial']).toBe(COUNT - 10);
    clock.advance(600_000);

    // Everything else; the unreachable one and the offline ones deferred, the failing one failed.
    await until('only the deferred left', async () => {
      const c = await counts();
      return (c['deferred'] ?? 0) + (c['complete'] ?? 0) + (c['failed'] ?? 0) === COUNT;
    });
    const deferred = (await steps()).filter((s) => s.details.includes('retried after'));
    expect(deferred.map((s) => `${s.cloud}: ${s.details}`).filter((d) => !/^sc-030[012]:/.test(d))).toEqual([]);
    expect(await counts()).toEqual({ total: COUNT, complete: COUNT - 4, failed: 1, deferred: 3 });
    expect((await strategy()).state).toBe('applying');
    expect(await step(300)).toMatchObject({ stage: 'Create', state: 'initial', details: expect.stringMatching(/^Subcloud sc-0300 is unreachable \(.*\): retried after .* \(deferral 1 of 3\)$/) });
    expect(await step(301)).toMatchObject({ stage: 'Create', state: 'initial', details: expect.stringMatching(/^Subcloud sc-0301 is offline: retried after .* \(deferral 1 of 3\)$/) });
    expect(await step(700)).toMatchObject({
      stage: 'Complete', state: 'failed',
      details: expect.stringMatching(/^apply VIM sw-deploy strategy: Failed for subcloud sc-0700: VIM strategy apply failed: .* State: apply-failed Strategy: sw-upgrade$/),
    });
    expect((await dc.get('/subclouds/sc-0700')).json()['deploy-status']).toBe('sw-deploy-apply-strategy-failed');

    // Two come back, retried once the retry delay has passed; the third is failed after its last deferral.
    await control('revive', { indices: [300, 301] });
    await setAvailability(301, 'online');
    for (const deferral of [2, 3]) {
      clock.advance(RETRY_S * 1000);
      await until(`deferral ${deferral}`, async () => (await step(302)).details.endsWith(`(deferral ${deferral} of 3)`));
    }
    await until('the two retried', async () => (await step(300)).state === 'complete' && (await step(301)).state === 'complete');
    clock.advance(RETRY_S * 1000);
    await ended();
    const done = await strategy();
    expect([done.state, done['step-counts']]).toEqual(['failed', { total: COUNT, complete: COUNT - 2, failed: 2 }]);
    expect(await step(302)).toMatchObject({
      stage: 'Complete', state: 'failed', details: 'Subcloud sc-0302 is offline: its turn came 4 times, the most it is given',
    });

    const all = await steps();
    const restStarted = Math.min(...all.slice(10).flatMap((s) => (s['started-at'] ? [epoch(s['started-at'])] : [])));
    expect(restStarted - canariesDone).toBeGreaterThanOrEqual(600_000);
    const counted = await stats();
    const once = (n: number, i: number) => n === (i === 302 ? 0 : 1);
    expect(counted.strategyCreates.every(once)).toBe(true);
    expect(counted.strategyApplies.every(once)).toBe(true);
    expect(counted.prestagesCompleted.every(once)).toBe(true);
    expect(counted.releaseUploads.every((n) => n === 0)).toBe(true);
    await control('revive', { indices: [302] });
    await setAvailability(302, 'online');
    await remove();
  }, 300_000);

  it('stops starting subclouds once failures pass the budget; those not started stay initial', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.1.0');
    await control('fail-deploy', { indices: [5, 6, 7] });
    await create({ release_id: 'fleet-1.1.0', 'max-parallel-subclouds': 20, 'max-failures': 3 });
    // Unmanaged after the strategy was made: it fails when its turn comes.
    await t.controller.store.repos.subclouds.update(2, { managementState: 'unmanaged' }, clock.now());
    await apply();
    await ended();
    const done = await strategy();
    expect(done.state).toBe('failed');
    const c = done['step-counts'];
    expect(c['failed']).toBe(4);
    expect(c['initial']).toBeGreaterThan(COUNT / 2);
    expect(c['complete'] + c['failed'] + c['initial']).toBe(COUNT);
    const failed = (await steps()).filter((s) => s.state === 'failed');
    expect(failed.map((s) => s.cloud)).toEqual([nameOf(1), nameOf(5), nameOf(6), nameOf(7)]);
    expect(failed[0]).toMatchObject({ stage: 'Complete', details: 'Subcloud sc-0001 is unmanaged.', 'started-at': null });
    await t.controller.store.repos.subclouds.update(2, { managementState: 'managed' }, clock.now());
    await remove();
  }, 300_000);

  it('stops at the first failure with stop-on-failure, whatever the budget', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.1.1');
    await control('fail-deploy', { indices: [3] });
    await create({ release_id: 'fleet-1.1.1', 'max-parallel-subclouds': 5, 'stop-on-failure': 'true', 'max-failures': 10 });
    await apply();
    await ended();
    const done = await strategy();
    expect([done.state, done['stop-on-failure'], done['step-counts']['failed']]).toEqual(['failed', true, 1]);
    expect(done['step-counts']['initial']).toBeGreaterThan(COUNT - 20);
    await remove();
  }, 300_000);

  it('ends the soak failed when a canary goes offline during it; the rest never start', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.2.0');
    await create({ release_id: 'fleet-1.2.0', 'max-parallel-subclouds': 5, canary: 5, soak: 300 });
    await apply();
    await until('the canaries done', async () => (await counts())['complete'] === 5);
    await setAvailability(2, 'offline');
    await ended();
    expect([(await strategy()).state, await counts()]).toEqual(['failed', { total: COUNT, complete: 5, initial: COUNT - 5 }]);
    await setAvailability(2, 'online');
    await remove();
  }, 300_000);

  it('aborts: those not started are aborted, those under way finish', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.3.0');
    const before = await stats();
    await create({ release_id: 'fleet-1.3.0', 'max-parallel-subclouds': 50 });
    await apply();
    await until('some done', async () => ((await counts())['complete'] ?? 0) >= 100);
    const aborting = await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'abort' });
    expect([aborting.status, aborting.json().state]).toEqual([200, 'abort requested']);
    await ended();
    const done = await strategy();
    expect(done.state).toBe('aborted');
    const c = done['step-counts'];
    expect(c['aborted']).toBeGreaterThan(0);
    expect(c['complete'] + c['aborted']).toBe(COUNT);
    // Each one started ran to its end, its own strategy made once and applied; the others were never asked.
    const after = await stats();
    const made = after.strategyCreates.map((n, i) => n - before.strategyCreates[i]!);
    const applied = after.strategyApplies.map((n, i) => n - before.strategyApplies[i]!);
    for (const s of await steps()) {
      const i = s.id - 1;
      expect([s.cloud, made[i], applied[i]]).toEqual([s.cloud, s.state === 'complete' ? 1 : 0, s.state === 'complete' ? 1 : 0]);
    }
    await remove();
  }, 300_000);

  it('goes on after the system controller restarts mid-strategy: each subcloud\'s strategy made once, none skipped', async () => {
    await uploadRelease(t, central.admin, 'fleet-1.4.0');
    const before = await stats();
    await create({ release_id: 'fleet-1.4.0', 'max-parallel-subclouds': 200 });
    await apply();
    await until('a third done', async () => ((await counts())['complete'] ?? 0) >= COUNT / 3);
    await t.restart();
    await ended();
    expect([(await strategy()).state, await counts()]).toEqual(['complete', { total: COUNT, complete: COUNT }]);
    const after = await stats();
    expect(after.strategyCreates.map((n, i) => n - before.strategyCreates[i]!).every((n) => n === 1)).toBe(true);
    expect(after.strategyApplies.map((n, i) => n - before.strategyApplies[i]!).every((n) => n === 1)).toBe(true);
    await remove();
  }, 300_000);
});
