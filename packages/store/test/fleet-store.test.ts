import { SW_UPDATE_OPTIONS_DEFAULT } from '@murmuration/core/dc';
import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { subcloudRow } from '../../../test-support/subcloud-row.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');

describe.each(testDialects())('the fleet strategy\'s store on %s', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = await freshDatabase(dialect);
    store = await openStore(db.location);
    for (let i = 1; i <= 4; i++) {
      await store.repos.subclouds.insert(subcloudRow(i, { managementState: i === 3 ? 'unmanaged' : 'managed', groupId: 1 }), T0);
    }
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const steps = (uuid: string) => [1, 2, 4].map((id, position) => ({ strategyUuid: uuid, subcloudId: id, subcloudName: `sc${id}`, position }));

  it('picks the managed subclouds in id order, and keeps one waiting row each at stage 1', async () => {
    expect(await store.repos.fleetSteps.managedSubclouds(null)).toEqual([{ id: 1, name: 'sc1' }, { id: 2, name: 'sc2' }, { id: 4, name: 'sc4' }]);
    expect(await store.repos.fleetSteps.managedSubclouds(2)).toEqual([]);
    await store.repos.fleetSteps.insertMany(steps('s1'), T0);
    const rows = await store.repos.fleetSteps.list('s1');
    expect(rows.map((r) => [r.position, r.subcloudName, r.stage, r.state, r.phase, r.deferrals])).toEqual([
      [0, 'sc1', 1, 'initial', 'waiting', 0], [1, 'sc2', 1, 'initial', 'waiting', 0], [2, 'sc4', 1, 'initial', 'waiting', 0],
    ]);
    expect((await store.repos.fleetSteps.list('s1', { fromPosition: 1, toPosition: 2 })).map((r) => r.subcloudName)).toEqual(['sc2']);
    expect((await store.repos.fleetSteps.list('s1', { fromPosition: 1, limit: 5 })).map((r) => r.subcloudName)).toEqual(['sc2', 'sc4']);
  });

  it('records each transition, counts by phase and state, and aborts only what has not started', async () => {
    await store.repos.fleetSteps.insertMany(steps('s1'), T0);
    await store.repos.fleetSteps.insertMany(steps('s2'), T0);
    await store.repos.fleetSteps.update('s1', 1, { stage: 2, state: 'apply VIM sw-deploy strategy', phase: 'running', startedAt: T0 + 1, vimStrategyUuid: 'v1' }, T0 + 2);
    await store.repos.fleetSteps.update('s1', 2, { phase: 'deferred', deferrals: 1, notBefore: T0 + 60_000, details: 'offline' }, T0 + 2);
    expect(await store.repos.fleetSteps.findByName('s1', 'sc1')).toMatchObject({
      stage: 2, state: 'apply VIM sw-deploy strategy', phase: 'running', startedAt: T0 + 1, vimStrategyUuid: 'v1', updatedAt: T0 + 2,
    });
    expect(await store.repos.fleetSteps.countByPhase('s1')).toEqual({ waiting: 1, running: 1, deferred: 1, complete: 0, failed: 0, aborted: 0 });
    expect(await store.repos.fleetSteps.abortNotStarted('s1', T0 + 3)).toBe(2);
    expect((await store.repos.fleetSteps.countByState('s1')).sort((a, b) => a.count - b.count || a.state.localeCompare(b.state))).toEqual([
      { state: 'apply VIM sw-deploy strategy', phase: 'running', count: 1 }, { state: 'aborted', phase: 'aborted', count: 2 },
    ]);
    expect(await store.repos.fleetSteps.findByName('s1', 'sc2')).toMatchObject({ state: 'aborted', notBefore: null, finishedAt: T0 + 3 });
    await store.repos.fleetSteps.removeAll('s1');
    expect(await store.repos.fleetSteps.list('s1')).toEqual([]);
    expect(await store.repos.fleetSteps.list('s2')).toHaveLength(3);
  });

  it('writes many rows\' changes at once, each row its own columns, the other strategy\'s rows untouched', async () => {
    await store.repos.fleetSteps.insertMany(steps('s1'), T0);
    await store.repos.fleetSteps.insertMany(steps('s2'), T0);
    await store.repos.fleetSteps.updateMany('s1', [
      { subcloudId: 1, changes: { stage: 2, state: 'sw-deploy pre-check', phase: 'running', startedAt: T0 + 1, notBefore: null }, at: T0 + 1 },
      { subcloudId: 2, changes: { stage: 2, state: 'sw-deploy pre-check', phase: 'running', startedAt: T0 + 2, notBefore: null }, at: T0 + 2 },
      { subcloudId: 4, changes: { phase: 'deferred', deferrals: 1, notBefore: T0 + 60_000, details: 'it\'s offline' }, at: T0 + 3 },
    ]);
    await store.repos.fleetSteps.updateMany('s1', [{ subcloudId: 2, changes: { vimStrategyUuid: 'v2' }, at: T0 + 4 }]);
    expect((await store.repos.fleetSteps.list('s1')).map((r) => [r.subcloudId, r.stage, r.phase, r.startedAt, r.notBefore, r.deferrals, r.details, r.vimStrategyUuid, r.updatedAt])).toEqual([
      [1, 2, 'running', T0 + 1, null, 0, '', null, T0 + 1],
      [2, 2, 'running', T0 + 2, null, 0, '', 'v2', T0 + 4],
      [4, 1, 'deferred', null, T0 + 60_000, 1, 'it\'s offline', null, T0 + 3],
    ]);
    expect((await store.repos.fleetSteps.list('s2')).map((r) => r.phase)).toEqual(['waiting', 'waiting', 'waiting']);
  });

  it('keeps the defaults and each subcloud\'s options apart, and drops a subcloud\'s with it', async () => {
    expect(await store.repos.swUpdateOptions.find(null)).toBeNull();
    const { swUpdateOptions } = store.repos;
    const defaults = await swUpdateOptions.put(null, { ...SW_UPDATE_OPTIONS_DEFAULT, maxParallelWorkers: 4 }, T0);
    const own = await swUpdateOptions.put(2, { ...SW_UPDATE_OPTIONS_DEFAULT, workerApplyType: 'serial' }, T0);
    const again = await swUpdateOptions.put(null, { ...SW_UPDATE_OPTIONS_DEFAULT, maxParallelWorkers: 5 }, T0 + 1);
    expect([again.id, again.maxParallelWorkers, again.createdAt]).toEqual([defaults.id, 5, T0]);
    expect(again.updatedAt).toBe(T0 + 1);
    const listed = await swUpdateOptions.listSubclouds();
    expect(listed.map((o) => [o.subcloudId, o.workerApplyType])).toEqual([[2, 'serial']]);
    expect(await store.repos.swUpdateOptions.find(2)).toEqual(own);
    await store.repos.subclouds.remove(2);
    expect(await store.repos.swUpdateOptions.find(2)).toBeNull();
    expect(await store.repos.swUpdateOptions.remove(null)).toBe(true);
    expect(await store.repos.swUpdateOptions.remove(null)).toBe(false);
  });
});
