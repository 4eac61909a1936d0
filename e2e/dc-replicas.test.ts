import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSummary } from '@murmuration/core/contract/dcmanager';
import { freshDatabase, hasPostgres, type TestDatabase } from '../test-support/databases.js';
import { startHollowSubclouds } from '../test-support/murmur-processes.mjs';
import { jsonCall } from './support/json-call.js';
import { adminToken, startController, stopController, type RunningController } from './support/murmur-process.js';

const SUBCLOUDS = 200;
const INTERVAL_S = 4;
const LEASE_S = 3;

type Hollow = Awaited<ReturnType<typeof startHollowSubclouds>>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two system-controller replicas over one PostgreSQL share the audit of one fleet of hollow subclouds. */
describe.skipIf(!hasPostgres())('two system-controller replicas over one PostgreSQL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-dc-replicas-'));
  let db: TestDatabase;
  let hollow: Hollow;
  let first: RunningController;
  let second: RunningController;
  let token = '';

  const api = async <T = Record<string, unknown>>(
    url: string,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<T> => (await jsonCall(url, token, method, route, body)) as T;
  const audits = async (): Promise<number[]> => (await hollow.control.stats()).audits;
  const summaryOf = (url: string) => api<FleetSummary>(url, 'GET', '/dcmanager/v1.0/subclouds/summary');
  const replica = (data: string) => ['--data', data, '--role', 'systemcontroller', '--config', path.join(dir, 'config.json')];

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    if (db.location.kind !== 'postgres') throw new Error('a PostgreSQL database is needed');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({
      database: db.location.url, logLevel: 'warn',
      dcManager: { auditIntervalSeconds: INTERVAL_S, leaseSeconds: LEASE_S, auditTimeoutMs: 1000 },
    }));
    hollow = await startHollowSubclouds({ count: SUBCLOUDS });
    first = await startController(replica(path.join(dir, 'first')));
    token = await adminToken(first.url, first.adminPassword!);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < SUBCLOUDS) {
        const line = hollow.manifest[next++]!;
        const added = await api(first.url, 'POST', '/dcmanager/v1.0/subclouds/', { name: line.name, url: line.url, join_token: line.join_token });
        await api(first.url, 'PATCH', `/dcmanager/v1.0/subclouds/${added['id'] as number}`, { 'management-state': 'managed' });
      }
    }));
    // The replicas share the key that seals the subclouds' credentials.
    mkdirSync(path.join(dir, 'second'), { recursive: true });
    copyFileSync(path.join(dir, 'first', 'dc-credential.key'), path.join(dir, 'second', 'dc-credential.key'));
    chmodSync(path.join(dir, 'second', 'dc-credential.key'), 0o600);
    second = await startController(replica(path.join(dir, 'second')));
  });
  afterAll(async () => {
    await Promise.all([first && stopController(first, 'SIGKILL'), second && stopController(second)]);
    await hollow?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('audits every subcloud once per interval between them, never twice in one cycle', async () => {
    for (;;) {
      const summary = (await summaryOf(first.url)).summary;
      if (summary.availability_status.online === SUBCLOUDS) break;
      await sleep(250);
    }
    // Wait until the second replica has taken its share, then count over whole intervals.
    for (;;) {
      if ((await summaryOf(second.url)).audit.audits > 0) break;
      await sleep(250);
    }
    await hollow.control.resetStats();
    const windows = 3;
    await sleep(windows * INTERVAL_S * 1000);
    const counts = await audits();
    const seen = counts.slice(0, SUBCLOUDS);
    // Each was due `windows` times (an audit takes a moment, so one more may fall inside the window); both replicas
    // auditing the same subcloud in one cycle would double it.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(windows - 1);
    expect(Math.max(...seen)).toBeLessThanOrEqual(windows + 1);
    const [a, b] = await Promise.all([first.url, second.url].map(async (url) => (await summaryOf(url)).audit));
    expect(a!.audits).toBeGreaterThan(0);
    expect(b!.audits).toBeGreaterThan(0);
    expect(a!.replica).not.toBe(b!.replica);
  });

  it('leaves no subcloud unaudited for longer than a lease after a replica is killed mid-cycle', async () => {
    await hollow.control.resetStats();
    await sleep(INTERVAL_S * 500);
    await stopController(first, 'SIGKILL');
    const killedAt = performance.now();
    await hollow.control.resetStats();
    // The claims the killed replica held expire after the lease; its subclouds' next due time is at most an interval
    // away: within lease + interval (and an audit's timeout) every subcloud is audited again, by the other one.
    for (;;) {
      const counts = (await audits()).slice(0, SUBCLOUDS);
      if (counts.every((n) => n >= 1)) break;
      if (performance.now() - killedAt > (LEASE_S + INTERVAL_S + 3) * 1000) {
        throw new Error(`${counts.filter((n) => n === 0).length} subclouds not audited since the kill`);
      }
      await sleep(100);
    }
    const summary = (await summaryOf(second.url)).summary;
    expect(summary.availability_status.online).toBe(SUBCLOUDS);
  });
});
