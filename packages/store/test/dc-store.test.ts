import { DISABLED_ALARM_COUNTS, type SubcloudRecord } from '@murmuration/core/dc';
import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { subcloudRow } from '../../../test-support/subcloud-row.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');

const subcloud = (i: number) => subcloudRow(i);

describe.each(testDialects())('fleet store on %s', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = await freshDatabase(dialect);
    store = await openStore(db.location);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('has the Default group as id 1 and numbers new groups after it', async () => {
    const groups = await store.repos.subcloudGroups.list();
    expect(groups.map((g) => [g.id, g.name, g.updateApplyType, g.maxParallelSubclouds])).toEqual([[1, 'Default', 'parallel', 2]]);
    const added = await store.repos.subcloudGroups.insert({ name: 'east', description: 'd', updateApplyType: 'serial', maxParallelSubclouds: 1 }, T0);
    expect(added.id).toBe(2);
  });

  it('keeps the aggregate sync status beside the per-endpoint ones and counts the fleet by it', async () => {
    const a = await store.repos.subclouds.insert(subcloud(1), T0);
    await store.repos.subclouds.insert(subcloud(2), T0);
    expect(a.syncStatus).toBe('unknown');
    const changed = await store.repos.subclouds.update(a.id, {
      managementState: 'managed', availabilityStatus: 'online',
      endpointSync: { identity: 'in-sync', platform: 'in-sync', software: 'out-of-sync' },
    }, T0 + 1);
    expect(changed?.syncStatus).toBe('out-of-sync');
    expect(changed?.endpointSync.software).toBe('out-of-sync');
    const counts = await store.repos.subclouds.fleetCounts();
    expect(counts.sort((x, y) => x.count - y.count)).toEqual([
      { managementState: 'managed', availabilityStatus: 'online', syncStatus: 'out-of-sync', count: 1 },
      { managementState: 'unmanaged', availabilityStatus: 'offline', syncStatus: 'unknown', count: 1 },
    ]);
    expect((await store.repos.subclouds.credential(a.id))).toBe('sealed-1');
  });

  it('never lets two claimers hold the same due subcloud, and hands subclouds back only to their holder', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 40; i++) {
      const s: SubcloudRecord = await store.repos.subclouds.insert(subcloud(i), T0);
      ids.push(s.id);
      await store.repos.subcloudAudits.schedule(s.id, T0);
    }
    const [a, b] = await Promise.all([
      store.transaction((repos) => repos.subcloudAudits.claim('a', T0, T0 + 10_000, 25)),
      store.transaction((repos) => repos.subcloudAudits.claim('b', T0, T0 + 10_000, 25)),
    ]);
    const held = [...a, ...b].map((c) => c.subcloudId);
    expect(new Set(held).size).toBe(held.length);
    expect(held.length).toBe(40);
    // The holder hands its claims back, due again later; the other cannot hand them back.
    expect(await store.repos.subcloudAudits.release('b', a.map((c) => ({ subcloudId: c.subcloudId, failures: 0, etag: null, lastError: null })), T0 + 30_000, T0)).toBe(0);
    expect(await store.repos.subcloudAudits.release('a', a.map((c) => ({ subcloudId: c.subcloudId, failures: 0, etag: null, lastError: null })), T0 + 30_000, T0)).toBe(a.length);
    // Nothing is due until the leases of b's run out; then b's claims go to whoever asks.
    expect(await store.repos.subcloudAudits.claim('c', T0 + 5_000, T0 + 15_000, 100)).toEqual([]);
    const taken = await store.repos.subcloudAudits.claim('c', T0 + 10_001, T0 + 20_000, 100);
    expect(taken.map((c) => c.subcloudId).sort((x, y) => x - y)).toEqual(
      b.map((c) => c.subcloudId).sort((x, y) => x - y),
    );
    expect(await store.repos.subcloudAudits.earliestDue()).toBe(T0);
    const one = await store.repos.subcloudAudits.find(a[0]!.subcloudId);
    expect(one).toMatchObject({ dueAt: T0 + 30_000, leaseOwner: null, auditedAt: T0 });
    // A failed audit keeps its count and error.
    await store.repos.subcloudAudits.release('c', [{ subcloudId: taken[0]!.subcloudId, failures: 1, etag: null, lastError: 'timed out' }], T0 + 40_000, T0 + 10_002);
    expect(await store.repos.subcloudAudits.find(taken[0]!.subcloudId)).toMatchObject({ failures: 1, lastError: 'timed out' });
    // Deleting a subcloud takes it out of the audit.
    await store.repos.subclouds.remove(ids[0]!);
    expect(await store.repos.subcloudAudits.find(ids[0]!)).toBeNull();
  });

  it('counts the subclouds of every group in one grouped query, leaving empty groups out', async () => {
    const east = await store.repos.subcloudGroups.insert({ name: 'east', description: 'd', updateApplyType: 'serial', maxParallelSubclouds: 1 }, T0);
    await store.repos.subcloudGroups.insert({ name: 'empty', description: 'd', updateApplyType: 'serial', maxParallelSubclouds: 1 }, T0);
    for (let i = 1; i <= 5; i++) {
      await store.repos.subclouds.insert(subcloudRow(i, { groupId: i <= 2 ? east.id : 1 }), T0);
    }
    expect([...(await store.repos.subclouds.countByGroup())].sort()).toEqual([[1, 3], [east.id, 2]]);
  });

  it('pages the alarm summary newest first', async () => {
    for (let i = 1; i <= 5; i++) await store.repos.subclouds.insert(subcloud(i), T0);
    const first = await store.repos.subclouds.alarmPage(null, 2);
    expect(first.map((r) => r.name)).toEqual(['sc5', 'sc4']);
    expect(first[0]).toEqual({ id: 5, name: 'sc5', alarmSummaryUuid: 'alarm-5', alarms: DISABLED_ALARM_COUNTS });
    expect((await store.repos.subclouds.alarmPage(4, 10)).map((r) => r.name)).toEqual(['sc3', 'sc2', 'sc1']);
  });

  it('changes a subcloud on behalf of its audit only while it is managed', async () => {
    const a = await store.repos.subclouds.insert(subcloud(1), T0);
    expect(await store.repos.subclouds.updateManaged(a.id, { availabilityStatus: 'online' }, T0 + 1)).toBeNull();
    await store.repos.subclouds.update(a.id, { managementState: 'managed' }, T0 + 2);
    const changed = await store.repos.subclouds.updateManaged(a.id, { availabilityStatus: 'online' }, T0 + 3);
    expect([changed?.availabilityStatus, changed?.updatedAt]).toEqual(['online', T0 + 3]);
  });
});
