import type { FleetStepChanges } from '@murmuration/core/dc';
import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../../test-support/databases.js';
import { subcloudRow } from '../../../../test-support/subcloud-row.js';
import { fleetStepWriter } from '../../src/services/dc-orchestration/fleet-step-writer.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');

describe.each(testDialects())('the writer of a fleet strategy\'s step rows on %s', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = await freshDatabase(dialect);
    store = await openStore(db.location);
    for (let i = 1; i <= 3; i++) await store.repos.subclouds.insert(subcloudRow(i), T0);
    await store.repos.fleetSteps.insertMany(
      [1, 2, 3].map((id, position) => ({ strategyUuid: 's1', subcloudId: id, subcloudName: `sc${id}`, position })),
      T0,
    );
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const row = async (id: number) => (await store.repos.fleetSteps.list('s1')).find((r) => r.subcloudId === id)!;

  it('commits the changes given at once, those of one row merged with the later ones winning', async () => {
    const writer = fleetStepWriter(store, 's1');
    await Promise.all([
      writer.write(1, { stage: 2, state: 'sw-deploy pre-check', phase: 'running', startedAt: T0 + 1, details: '' }, T0 + 1),
      writer.write(2, { phase: 'deferred', deferrals: 1, notBefore: T0 + 60_000 }, T0 + 1),
      writer.write(1, { state: 'create VIM sw-deploy strategy' }, T0 + 2),
      writer.write(1, { vimStrategyUuid: 'v1', details: 'building' }, T0 + 3),
    ]);
    expect(await row(1)).toMatchObject({
      stage: 2, state: 'create VIM sw-deploy strategy', phase: 'running', startedAt: T0 + 1, vimStrategyUuid: 'v1',
      details: 'building', updatedAt: T0 + 3,
    });
    expect(await row(2)).toMatchObject({ phase: 'deferred', deferrals: 1, notBefore: T0 + 60_000, updatedAt: T0 + 1 });
    expect(await row(3)).toMatchObject({ phase: 'waiting', updatedAt: null });
  });

  it('writes what comes in while a transaction runs in the next one, after it', async () => {
    const writer = fleetStepWriter(store, 's1');
    const first = writer.write(1, { state: 'apply VIM sw-deploy strategy', details: 'apply phase is 50% complete' }, T0 + 1);
    // Given once the first transaction has started: it waits for the next one.
    await new Promise((resolve) => setImmediate(resolve));
    const second = writer.write(1, { details: 'apply phase is 100% complete' }, T0 + 2);
    await first;
    await second;
    expect(await row(1)).toMatchObject({ state: 'apply VIM sw-deploy strategy', details: 'apply phase is 100% complete', updatedAt: T0 + 2 });
  });

  it('rejects the writes of a transaction that failed, nothing of it kept, and goes on with the next', async () => {
    const writer = fleetStepWriter(store, 's1');
    const refused = { deferrals: null } as unknown as FleetStepChanges;
    const failed = Promise.allSettled([writer.write(1, { details: 'lost' }, T0 + 1), writer.write(2, refused, T0 + 1)]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await row(1)).toMatchObject({ details: '', updatedAt: null });
    await writer.write(1, { details: 'kept' }, T0 + 2);
    expect(await row(1)).toMatchObject({ details: 'kept', updatedAt: T0 + 2 });
  });
});
