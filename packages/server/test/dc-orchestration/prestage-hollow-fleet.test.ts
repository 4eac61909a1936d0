import { publicKeyOf } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { prestageBundle } from '../../../../test-support/dc-prestage-contract.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { rawRequest } from '../hollow-subclouds/hollow-client.js';
import type { StepView } from '../support/fleet-strategy-wire.js';
import { useSystemController } from '../support/use-system-controller.js';

const COUNT = 200;
const LIMIT = 20;
const CHUNK = 64 * 1024;
const RELEASE = 'fleet-2.0.0';
const VICTIM = 30;
const nameOf = (i: number) => `sc-${String(i).padStart(3, '0')}`;

interface Stats {
  prestageChunks: number[];
  prestagesCompleted: number[];
  prestageChunksInFlightMax: number;
}

/**
 * A prestage strategy across 200 hollow subclouds (real HTTP, each on its own address, each checking every chunk's
 * hash, the whole bundle's and its signature): 50 subclouds under way at once, but never more than the fleet-wide
 * limit of 20 transfers; one subcloud taken down mid-transfer and brought back resumes where it stood.
 */
describe.each(testDialects())('a prestage strategy across 200 hollow subclouds on %s', (dialect) => {
  const central = useSystemController(dialect, {
    config: {
      dcOrchestration: {
        pollMs: 20, retryDelaySeconds: 0, prestageChunkBytes: CHUNK, prestageBytesPerSecond: 256 * 1024,
        prestageConcurrency: LIMIT, prestageRetryBaseMs: 50, prestageRetryMaxMs: 200, prestageMaxAttempts: 1000,
      },
      dcManager: { auditIntervalSeconds: 86_400, auditTimeoutMs: 5000 },
    },
  });
  const { dc, t } = central;
  let hollow: RunningHollowSubclouds;
  const stats = async () => (await rawRequest(`${hollow.controlUrl}/stats`, {})).json() as Stats;
  const control = async (route: string, body: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, { method: 'POST', body });
    if (answer.status >= 300) throw new Error(`${route}: ${answer.status} ${answer.text}`);
  };
  const strategy = async () => (await dc.get('/sw-update-strategy?type=prestage')).json();
  const progress = async (i: number) => (await dc.get(`/subclouds/${nameOf(i)}/prestage`)).json();
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 4000; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await strategy())} ${JSON.stringify(await progress(VICTIM))}`);
  };

  beforeAll(async () => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    hollow = await serveHollowSubclouds({ count: COUNT, seed: 'prestage-fleet', firstAddress: '127.23.0.1', releasePublicKey: publicKeyOf(key) });
    for (let i = 0; i < COUNT; i++) {
      const added = await dc.post('/subclouds/', { name: nameOf(i), url: hollow.fleet.urlOf(i), join_token: hollow.fleet.subclouds[i]!.joinToken });
      expect(added.status, added.body).toBe(200);
    }
    for (let from = 0; from < COUNT; from += 25) {
      await Promise.all(Array.from({ length: Math.min(25, COUNT - from) }, async (_, k) => {
        expect((await dc.patch(`/subclouds/${nameOf(from + k)}`, { 'management-state': 'managed' })).status).toBe(200);
      }));
    }
    await until('every subcloud online', async () =>
      (await dc.get('/subclouds/summary')).json().summary.availability_status.online === COUNT);
    const bundle = prestageBundle(RELEASE, key, 3 * CHUNK);
    const uploaded = await t.request({
      method: 'POST', url: '/usm/v1/upload', token: central.admin, rawBody: Buffer.from(bundle), headers: { 'content-type': 'application/gzip' },
    });
    expect(uploaded.status, uploaded.body).toBe(200);
  }, 300_000);
  afterAll(() => hollow?.close());

  it('prestages all of them within the fleet-wide limit; one taken down mid-transfer resumes and completes', async () => {
    const created = await dc.post('/sw-update-strategy/', {
      type: 'prestage', release: RELEASE, sysadmin_password: 'U3lzYWRtaW4qMQ==', for_sw_deploy: 'true', 'max-parallel-subclouds': 50,
    });
    expect(created.status, created.body).toBe(200);
    expect((await dc.post('/sw-update-strategy/actions?type=prestage', { action: 'apply' })).status).toBe(200);
    // Taken down once it has kept a chunk (its own count, seen as it happens), four chunks a second.
    await until('the victim part-way', async () => (await stats()).prestageChunks[VICTIM]! >= 1);
    await control('kill', { indices: [VICTIM] });
    await until('the victim retried', async () => (await progress(VICTIM)).attempts >= 3);
    expect((await progress(VICTIM)).status).toBe('prestaging');
    await control('revive', { indices: [VICTIM] });
    await until('the strategy to end', async () => ['complete', 'failed', 'aborted'].includes((await strategy()).state));

    expect((await strategy()).state).toBe('complete');
    const steps: StepView[] = (await dc.get('/sw-update-strategy/steps')).json()['strategy-steps'];
    expect(steps.filter((s) => s.state === 'complete')).toHaveLength(COUNT);
    const victim = await progress(VICTIM);
    expect(victim).toMatchObject({ status: 'complete', percent: 100, error: null });
    expect(victim.resumed_from_bytes).toBeGreaterThan(0);
    const counted = await stats();
    const chunks = Math.ceil(victim.bytes_total / CHUNK);
    // Every chunk kept exactly once, the victim's too: it went on from where it stood.
    expect(counted.prestageChunks).toEqual(Array(COUNT).fill(chunks));
    expect(counted.prestagesCompleted).toEqual(Array(COUNT).fill(1));
    const engine = t.controller.services.dcOrchestration.prestages.stats();
    expect(engine.maxInFlight).toBeLessThanOrEqual(LIMIT);
    expect(engine.maxInFlight).toBeGreaterThan(1);
    expect(counted.prestageChunksInFlightMax).toBeLessThanOrEqual(LIMIT);
    const subclouds = (await dc.get('/subclouds/')).json().subclouds as Array<Record<string, unknown>>;
    expect(subclouds.every((s) => s['prestage-status'] === 'complete' && s['prestage-versions'] === RELEASE)).toBe(true);
  }, 180_000);
});
