import { openStore, type Store } from '@murmuration/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, hasPostgres, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { rawQuery } from '../../../test-support/raw-database.js';

/** Polls `check` every 20 ms until it holds, failing after `ms`: what another process does shows within a bound. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a listener was told, in order: `k:<key>` for a notice, `missed` when some may have been missed. */
function recorder(store: Store, topic: string) {
  const heard: string[] = [];
  store.notices.follow(topic, { notice: (key) => heard.push(`k:${key ?? '*'}`), missed: () => heard.push('missed') });
  return heard;
}

describe.each(testDialects())('notices and locks between processes on %s', (dialect) => {
  let db: TestDatabase;
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore(db.location);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    db = await freshDatabase(dialect);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await db.drop();
  });

  it('takes a lock once: a second holder in this process is refused until it is released', async () => {
    const store = await open();
    const held = await store.locks.tryHold('runner:a', () => undefined);
    expect(held).not.toBeNull();
    expect(await store.locks.tryHold('runner:a', () => undefined)).toBeNull();
    expect(await store.locks.tryHold('runner:b', () => undefined)).not.toBeNull();
    await held!.release();
    expect(await store.locks.tryHold('runner:a', () => undefined)).not.toBeNull();
  });

  it.runIf(dialect === 'sqlite')('publishes nothing on SQLite: the feed is live and one process has no one to tell', async () => {
    const store = await open();
    const heard = recorder(store, 'caches');
    await store.transaction((repos) => repos.notices.publish({ topic: 'caches', key: 'x' }));
    expect(store.notices.live()).toBe(true);
    expect(heard).toEqual([]);
  });
});

describe.skipIf(!hasPostgres())('notices and locks between two stores over one PostgreSQL', () => {
  let db: TestDatabase;
  let a: Store;
  let b: Store;

  beforeEach(async () => {
    db = await freshDatabase('postgres');
    a = await openStore(db.location);
    b = await openStore(db.location);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await db.drop();
  });

  /** The backends of this process's connections of one kind (`murmur-notices`, `murmur-locks`). */
  const terminate = (kind: string) =>
    rawQuery(db.location, 'select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?', [
      `${kind}-${process.pid}`,
    ]);

  it('delivers a committed notice to the other store\'s followers of its topic, never a rolled-back one', async () => {
    const heard = recorder(b, 'caches');
    const other = recorder(b, 'strategies');
    await eventually('b listens', () => b.notices.live());
    expect(heard).toEqual(['missed']);
    await expect(a.transaction(async (repos) => {
      await repos.notices.publish({ topic: 'caches', key: 'rolled-back' });
      throw new Error('no');
    })).rejects.toThrow('no');
    await a.transaction((repos) => repos.notices.publish({ topic: 'caches', key: 'user:u1' }));
    await a.transaction((repos) => repos.notices.publish({ topic: 'caches', key: null }));
    await eventually('both notices arrive', () => heard.length === 3);
    expect(heard).toEqual(['missed', 'k:user:u1', 'k:*']);
    expect(other).toEqual(['missed']);
  });

  it('tells its followers at once when its connection is lost, is not live until it listens again', async () => {
    const heard = recorder(b, 'caches');
    await eventually('b listens', () => b.notices.live());
    heard.length = 0;
    await terminate('murmur-notices');
    // Both stores of this process lost theirs; b's listener was told, and again once it listened anew.
    await eventually('b tells of the loss', () => heard.includes('missed'));
    await eventually('b listens again', () => b.notices.live());
    expect(heard).toEqual(['missed', 'missed']);
    await a.transaction((repos) => repos.notices.publish({ topic: 'caches', key: 'after' }));
    await eventually('the notice after the loss arrives', () => heard.includes('k:after'));
  });

  it('counts as missed an epoch that no notice brought (taken outside any notice)', async () => {
    const heard = recorder(b, 'caches');
    await eventually('b listens', () => b.notices.live());
    heard.length = 0;
    await rawQuery(db.location, 'select nextval(?)', ['murmur_notice_epoch']);
    await eventually('the epoch is seen as moved', () => heard.includes('missed'));
    expect(heard).toEqual(['missed']);
  });

  it('holds a lock against the other store until released, or until its connection ends', async () => {
    let lost = 0;
    const held = await a.locks.tryHold('strategy-runner:x', () => (lost += 1));
    expect(held).not.toBeNull();
    expect(await b.locks.tryHold('strategy-runner:x', () => undefined)).toBeNull();
    await held!.release();
    const taken = await b.locks.tryHold('strategy-runner:x', () => (lost += 10));
    expect(taken).not.toBeNull();
    expect(await a.locks.tryHold('strategy-runner:x', () => undefined)).toBeNull();
    await terminate('murmur-locks');
    await eventually('b is told it lost the lock', () => lost === 10);
    // a's connection went too: once it has seen so, it connects anew and takes the lock.
    await eventually('a takes it', async () => (await a.locks.tryHold('strategy-runner:x', () => undefined).catch(() => null)) !== null);
  });
});
