import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { subcloudRow } from '../../../test-support/subcloud-row.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const LEASE = 10_000;
const progress = (bytesSent: number) => ({ bytesTotal: 1000, bytesSent, attempts: 1, resumedFrom: 0, rateBps: 50 });

describe.each(testDialects())('the subclouds\' prestages on %s', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  const ids: number[] = [];
  beforeEach(async () => {
    db = await freshDatabase(dialect);
    store = await openStore(db.location);
    ids.length = 0;
    for (let i = 1; i <= 30; i++) ids.push((await store.repos.subclouds.insert(subcloudRow(i), T0)).id);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });
  const start = (subcloudId: number, releaseId = 'r-1') =>
    store.repos.subcloudPrestages.start({ subcloudId, releaseId, forSwDeploy: true, origin: 'subcloud' }, T0);

  it('never lets two replicas hold the same prestage; a lease that ran out is claimed again', async () => {
    for (const id of ids) await start(id);
    const [a, b] = await Promise.all([
      store.transaction((repos) => repos.subcloudPrestages.claim('a', T0, T0 + LEASE, 20)),
      store.transaction((repos) => repos.subcloudPrestages.claim('b', T0, T0 + LEASE, 20)),
    ]);
    const held = [...a, ...b].map((j) => j.subcloudId);
    expect(new Set(held).size).toBe(held.length);
    expect(held.length).toBe(30);
    expect(await store.repos.subcloudPrestages.claim('c', T0 + 1, T0 + LEASE, 100)).toEqual([]);
    const later = await store.repos.subcloudPrestages.claim('c', T0 + LEASE + 1, T0 + 2 * LEASE, 100);
    expect(later).toHaveLength(30);
    expect(later[0]).toMatchObject({ state: 'prestaging', releaseId: 'r-1', forSwDeploy: true, origin: 'subcloud', attempts: 0 });
  });

  it('records progress and the end only for the lease\'s holder, and gives a stopping replica\'s leases back', async () => {
    const [one, two] = ids as [number, number];
    await start(one);
    await start(two);
    await store.repos.subcloudPrestages.claim('a', T0, T0 + LEASE, 10);
    expect(await store.repos.subcloudPrestages.progress(one, 'b', progress(10), T0 + LEASE, T0 + 1)).toBe(false);
    expect(await store.repos.subcloudPrestages.progress(one, 'a', progress(400), T0 + LEASE, T0 + 1)).toBe(true);
    expect(await store.repos.subcloudPrestages.finish(one, 'b', { state: 'complete', error: null }, T0 + 2)).toBe(false);
    expect(await store.repos.subcloudPrestages.finish(one, 'a', { state: 'failed', error: 'refused', bytesSent: 500 }, T0 + 2)).toBe(true);
    expect(await store.repos.subcloudPrestages.find(one)).toMatchObject({
      state: 'failed', error: 'refused', bytesSent: 500, bytesTotal: 1000, rateBps: 50, finishedAt: T0 + 2,
    });
    // A finished one is not claimed again; the other, given back, is claimed at once.
    await store.repos.subcloudPrestages.abandon('a');
    expect((await store.repos.subcloudPrestages.claim('b', T0 + 3, T0 + LEASE, 10)).map((j) => j.subcloudId)).toEqual([two]);
    expect(await store.repos.subcloudPrestages.countUnderWay()).toBe(1);
  });

  it('replaces a subcloud\'s earlier prestage with a new one from nothing, and forgets it with the subcloud', async () => {
    const [one] = ids as [number];
    await start(one);
    await store.repos.subcloudPrestages.claim('a', T0, T0 + LEASE, 1);
    await store.repos.subcloudPrestages.finish(one, 'a', { state: 'complete', error: null, ...progress(1000) }, T0 + 5);
    const again = await start(one, 'r-2');
    expect(again).toMatchObject({ releaseId: 'r-2', state: 'prestaging', bytesSent: 0, attempts: 0, error: null, finishedAt: null });
    expect(await store.repos.subcloudPrestages.find(one)).toEqual(again);
    await store.repos.subclouds.remove(one);
    expect(await store.repos.subcloudPrestages.find(one)).toBeNull();
  });
});
