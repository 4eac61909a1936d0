import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { createReplicaCaches, type ReplicaCaches } from '../src/services/replica-caches/index.js';

/** Polls until `check` holds, failing after `ms`. */
async function within(ms: number, what: string, check: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDialects())('the replicas\' caches on %s', (dialect) => {
  let db: TestDatabase;
  let stores: Store[];
  /** A replica over the database: its caches and what its `tokens` follower dropped, in order. */
  const replica = async () => {
    const store = await openStore(db.location);
    stores.push(store);
    const caches: ReplicaCaches = createReplicaCaches({ store });
    const dropped: (string | null)[] = [];
    caches.follow('tokens', (key) => dropped.push(key));
    return { store, caches, dropped };
  };

  beforeEach(async () => {
    db = await freshDatabase(dialect);
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db.drop();
  });

  it('drops a change here right after its commit, never one rolled back; every replica drops it', async () => {
    const here = await replica();
    const there = await replica();
    await within(5000, 'both trust their caches', () => here.caches.trusted() && there.caches.trusted());
    here.dropped.length = 0;
    there.dropped.length = 0;
    await expect(here.store.transaction(async (repos) => {
      await here.caches.changed(repos, 'tokens', 'user:rolled-back');
      throw new Error('no');
    })).rejects.toThrow('no');
    await here.store.transaction(async (repos) => {
      await here.caches.changed(repos, 'tokens', 'user:u1');
      expect(here.dropped).toEqual([]);
    });
    expect(here.dropped).toEqual(['user:u1']);
    if (dialect === 'sqlite') {
      // One process over the database: nothing travels, and the other store's follower hears nothing.
      expect(there.dropped).toEqual([]);
      return;
    }
    await within(3000, 'the other replica drops it', () => there.dropped.length > 0);
    expect(there.dropped).toEqual(['user:u1']);
    // This replica hears its own notice too: dropped again, harmlessly.
    await within(3000, 'this replica hears its own notice', () => here.dropped.length === 2);
  });
});
