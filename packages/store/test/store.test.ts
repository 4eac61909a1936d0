import { AUDIT_GENESIS_HASH, auditDigestInput, type AuditEntry, type AuditFacts } from '@murmuration/core/audit';
import { AppError } from '@murmuration/core/common';
import type { UserRecord } from '@murmuration/core/identity';
import { openStore, type Repos, type Store } from '@murmuration/store';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../test-support/databases.js';
import { rawQuery, tableNames } from '../../../test-support/raw-database.js';
import { STORE_MIGRATIONS } from '../src/store-domains.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

/** Every schema step this build knows, in order, and the tables they create besides the migrator's own. */
const STEPS = [...STORE_MIGRATIONS].sort((a, b) => a.version - b.version).map((m) => [m.version, m.name] as const);
const TABLES = ['schema_migrations', ...STORE_MIGRATIONS.flatMap((m) => m.creates)];
/** Steps already released: each keeps its version and name for good (databases have recorded them). */
const RELEASED: ReadonlyArray<readonly [number, string]> = [
  [1, 'foundation'],
  [2, 'fault'],
  [3, 'hosts'],
  [4, 'host-agents'],
  [5, 'networks-and-labels'],
  [6, 'releases'],
  [7, 'host-software'],
  [8, 'strategies'],
  [9, 'deploy-host-history'],
  [10, 'distributed-cloud'],
  [11, 'dc-agent'],
  [12, 'fleet-orchestration'],
  [13, 'subcloud-prestages'],
  [14, 'receivers-fleet-wide'],
  [15, 'replica-notices'],
];
const VERSIONS = STEPS.map(([version]) => version);
const LATEST = VERSIONS[VERSIONS.length - 1]!;

function user(id: string, name: string): UserRecord {
  return {
    id,
    name,
    enabled: true,
    defaultProjectId: null,
    description: null,
    email: null,
    passwordHash: null,
    passwordChangedAt: null,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: T0,
  };
}

function facts(requestId: string): AuditFacts {
  return {
    time: T0,
    requestId,
    event: 'request',
    userId: null,
    userName: 'tester',
    projectId: null,
    projectName: null,
    source: 'local',
    method: 'POST',
    path: '/test',
    target: null,
    outcome: 201,
    detail: null,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Appends one chained entry the way the audit service does: head first, then the row, then the new head hash. */
async function appendEntry(repos: Repos, requestId: string, pause: () => Promise<void>): Promise<AuditEntry> {
  const head = await repos.audit.advanceHead();
  await pause();
  const f = facts(requestId);
  const entry: AuditEntry = {
    ...f,
    seq: head.seq,
    prevHash: head.hash,
    hash: sha256(auditDigestInput(head.seq, head.hash, f)),
  };
  await repos.audit.insert(entry);
  await repos.audit.setHeadHash(entry.hash);
  return entry;
}

async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe.each(testDialects())('store on %s', (dialect) => {
  let db: TestDatabase;
  let store: Store | null;

  beforeEach(async () => {
    db = await freshDatabase(dialect);
    store = null;
  });
  afterEach(async () => {
    await store?.close();
    await db.drop();
  });

  const open = async () => {
    store = await openStore(db.location);
    return store;
  };

  describe('migrations', () => {
    it('applies every step once on an empty database and records it', async () => {
      const first = await open();
      expect(first.dialect).toBe(dialect);
      expect(first.migrations).toEqual({ applied: VERSIONS, version: LATEST });
      expect(await tableNames(db.location)).toEqual([...TABLES].sort());
      const recorded = await rawQuery(db.location, 'select version, name from schema_migrations order by version');
      expect(recorded.map((r) => [Number(r['version']), r['name']])).toEqual(STEPS);
      expect(STEPS.slice(0, RELEASED.length)).toEqual(RELEASED);
    });

    it('applies nothing when the same database is opened again, and keeps its data', async () => {
      const first = await open();
      await first.repos.users.insert(user('u1', 'alice'));
      await first.close();
      store = null;

      const again = await open();
      expect(again.migrations).toEqual({ applied: [], version: LATEST });
      expect((await again.repos.users.findByName('alice'))?.id).toBe('u1');
      const recorded = await rawQuery(db.location, 'select version from schema_migrations');
      expect(recorded).toHaveLength(STEPS.length);
    });

    it('refuses a database written by a newer controller and leaves it untouched', async () => {
      const first = await open();
      await first.close();
      store = null;
      await rawQuery(db.location, 'insert into schema_migrations (version, name, applied_at) values (?, ?, ?)', [LATEST + 90, 'from-the-future', T0]);

      const error = await expectAppError(openStore(db.location), 'PRECONDITION_FAILED');
      expect(error.message).toContain(`version ${LATEST + 90}`);
      expect(error.message).toContain(`only up to ${LATEST}`);
      const recorded = await rawQuery(db.location, 'select version from schema_migrations order by version');
      expect(recorded.map((r) => Number(r['version']))).toEqual([...VERSIONS, LATEST + 90]);
    });

    // Several controller replicas may share one PostgreSQL and start together; SQLite belongs
    // to one controller (its data directory is locked), so the race only exists on PostgreSQL.
    it.runIf(dialect === 'postgres')('lets replicas open one empty database at the same time without applying a step twice', async () => {
      const opened = await Promise.allSettled([openStore(db.location), openStore(db.location), openStore(db.location)]);
      const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      try {
        expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
        expect(stores.flatMap((s) => s.migrations.applied).sort((a, b) => a - b)).toEqual(VERSIONS);
        const recorded = await rawQuery(db.location, 'select version from schema_migrations');
        expect(recorded).toHaveLength(STEPS.length);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });

  describe('records', () => {
    it('round-trips times, flags and JSON columns as the same values on every dialect', async () => {
      const s = await open();
      const far = Date.parse('2200-01-01T00:00:00.123Z');
      await s.repos.projects.insert({ id: 'p1', name: 'edge', description: 'd', enabled: false, tags: ['a', 'b c'], createdAt: far });
      await s.repos.users.insert({ ...user('u1', 'alice'), defaultProjectId: 'p1', lockedUntil: far, failedLogins: 3 });
      expect(await s.repos.projects.findById('p1')).toEqual({ id: 'p1', name: 'edge', description: 'd', enabled: false, tags: ['a', 'b c'], createdAt: far });
      const stored = await s.repos.users.findById('u1');
      expect(stored).toEqual({ ...user('u1', 'alice'), defaultProjectId: 'p1', lockedUntil: far, failedLogins: 3 });
      expect(typeof stored?.createdAt).toBe('number');
    });
  });

  describe('failed-login counting', () => {
    it('counts parallel failures without losing any', async () => {
      const s = await open();
      await s.repos.users.insert(user('u1', 'alice'));
      const results = await Promise.all(Array.from({ length: 20 }, () => s.transaction((repos) => repos.users.countFailedLogin('u1', T0))));
      expect(results.map((r) => r?.failedLogins).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect((await s.repos.users.findById('u1'))?.failedLogins).toBe(20);
    });

    it('leaves a running lock alone, and starts again once it has run out', async () => {
      const s = await open();
      await s.repos.users.insert(user('u1', 'alice'));
      await s.repos.users.setLoginState('u1', 0, T0 + 1000);
      expect(await s.repos.users.countFailedLogin('u1', T0 + 999)).toEqual({ failedLogins: 0, lockedUntil: T0 + 1000 });
      expect(await s.repos.users.countFailedLogin('u1', T0 + 1000)).toEqual({ failedLogins: 1, lockedUntil: null });
      expect(await s.repos.users.countFailedLogin('u1', T0 + 1001)).toEqual({ failedLogins: 2, lockedUntil: null });
      expect(await s.repos.users.countFailedLogin('nobody', T0)).toBeNull();
    });
  });

  describe('transactions', () => {
    it('commit every statement together', async () => {
      const s = await open();
      const result = await s.transaction(async (repos) => {
        await repos.projects.insert({ id: 'p1', name: 'edge', description: '', enabled: true, tags: [], createdAt: T0 });
        await repos.users.insert(user('u1', 'alice'));
        return 'done';
      });
      expect(result).toBe('done');
      expect(await s.repos.projects.findById('p1')).not.toBeNull();
      expect(await s.repos.users.findById('u1')).not.toBeNull();
    });

    it('roll back every statement, the audit head included, when the work throws', async () => {
      const s = await open();
      await s.repos.users.insert(user('u0', 'existing'));
      const headBefore = await s.repos.audit.head();
      const boom = new Error('boom after three writes');
      await expect(
        s.transaction(async (repos) => {
          await repos.projects.insert({ id: 'p1', name: 'edge', description: '', enabled: true, tags: [], createdAt: T0 });
          await repos.users.insert(user('u1', 'alice'));
          await repos.users.update('u0', { description: 'changed' });
          await appendEntry(repos, 'req-rolled-back', async () => undefined);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await s.repos.projects.findById('p1')).toBeNull();
      expect(await s.repos.users.findById('u1')).toBeNull();
      expect((await s.repos.users.findById('u0'))?.description).toBeNull();
      expect(await s.repos.audit.head()).toEqual(headBefore);
      expect(await s.repos.audit.scan(0, 1_000, 100)).toEqual([]);
    });

    it('roll back the earlier statements when a later one violates a constraint', async () => {
      const s = await open();
      await s.repos.users.insert(user('u0', 'taken'));
      await expectAppError(
        s.transaction(async (repos) => {
          await repos.projects.insert({ id: 'p1', name: 'edge', description: '', enabled: true, tags: [], createdAt: T0 });
          await repos.users.insert(user('u1', 'taken'));
        }),
        'CONFLICT',
      );
      expect(await s.repos.projects.findById('p1')).toBeNull();
      expect((await s.repos.users.list({})).map((u) => u.id)).toEqual(['u0']);
    });

    it('run after-commit callbacks only for the attempt that committed, and never for a rollback', async () => {
      const s = await open();
      const ran: string[] = [];
      let attempts = 0;
      await s.transaction(async (repos) => {
        attempts++;
        repos.afterCommit(() => ran.push(`attempt ${attempts}`));
        expect(ran).toEqual([]);
        if (attempts < 2) throw new AppError('UNAVAILABLE', 'concurrent update; retry the request', { retryable: true });
      });
      expect(ran).toEqual(['attempt 2']);
      await expect(
        s.transaction(async (repos) => {
          repos.afterCommit(() => ran.push('rolled back'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const committed = await s.commit(async (repos) => repos.afterCommit(() => ran.push('group commit')));
      await committed.durable;
      s.repos.afterCommit(() => ran.push('auto-commit'));
      expect(ran).toEqual(['attempt 2', 'group commit', 'auto-commit']);
    });

    it('retry work that fails as retryable, and give up with UNAVAILABLE after a few attempts', async () => {
      const s = await open();
      let attempts = 0;
      const value = await s.transaction(async (repos) => {
        attempts++;
        await repos.projects.insert({ id: `p${attempts}`, name: `try-${attempts}`, description: '', enabled: true, tags: [], createdAt: T0 });
        if (attempts < 3) throw new AppError('UNAVAILABLE', 'concurrent update; retry the request', { retryable: true });
        return attempts;
      });
      expect(value).toBe(3);
      // The failed attempts left nothing behind.
      expect((await s.repos.projects.list({})).map((p) => p.id)).toEqual(['p3']);

      let hopeless = 0;
      await expectAppError(
        s.transaction(async () => {
          hopeless++;
          throw new AppError('UNAVAILABLE', 'concurrent update; retry the request', { retryable: true });
        }),
        'UNAVAILABLE',
      );
      expect(hopeless).toBeGreaterThan(1);
      expect(hopeless).toBeLessThan(10);

      let once = 0;
      await expectAppError(
        s.transaction(async () => {
          once++;
          throw new AppError('CONFLICT', 'not worth retrying');
        }),
        'CONFLICT',
      );
      expect(once).toBe(1);
    });
  });

  describe('constraint violations', () => {
    it('surface a duplicate unique value as AppError CONFLICT', async () => {
      const s = await open();
      await s.repos.users.insert(user('u1', 'alice'));
      await expectAppError(s.repos.users.insert(user('u2', 'alice')), 'CONFLICT');
      await expectAppError(s.repos.users.insert(user('u1', 'bob')), 'CONFLICT');
      await s.repos.roles.insert({ id: 'r1', name: 'admin', description: null, createdAt: T0 });
      await expectAppError(s.repos.roles.insert({ id: 'r2', name: 'admin', description: null, createdAt: T0 }), 'CONFLICT');
      expect((await s.repos.users.list({})).map((u) => u.name)).toEqual(['alice']);
    });

    it('surface a reference to a missing row as AppError CONFLICT', async () => {
      const s = await open();
      await s.repos.users.insert(user('u1', 'alice'));
      await expectAppError(s.repos.assignments.add({ userId: 'u1', projectId: 'no-such-project', roleId: 'no-such-role' }), 'CONFLICT');
      expect(await s.repos.assignments.list({})).toEqual([]);
    });
  });

  describe('audit chain head', () => {
    it('chains concurrent appends into one gap-free linear chain', async () => {
      const s = await open();
      const count = 40;
      // A short pause while the head is held invites other transactions to interleave.
      const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
      const written = await Promise.all(
        Array.from({ length: count }, (_, i) => s.transaction((repos) => appendEntry(repos, `req-${i}`, pause))),
      );
      expect(written.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));

      const entries = await s.repos.audit.scan(0, 10_000, 1_000);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(new Set(entries.map((e) => e.requestId)).size).toBe(count);
      let prev = AUDIT_GENESIS_HASH;
      for (const entry of entries) {
        expect(entry.prevHash).toBe(prev);
        expect(entry.hash).toBe(sha256(auditDigestInput(entry.seq, entry.prevHash, entry)));
        prev = entry.hash;
      }
      expect(await s.repos.audit.head()).toEqual({ seq: count, hash: prev });
    });

    it('does not consume a sequence number for an append that rolls back', async () => {
      const s = await open();
      await s.transaction((repos) => appendEntry(repos, 'req-1', async () => undefined));
      await expect(
        s.transaction(async (repos) => {
          await appendEntry(repos, 'req-lost', async () => undefined);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const third = await s.transaction((repos) => appendEntry(repos, 'req-2', async () => undefined));
      expect(third.seq).toBe(2);
      const entries = await s.repos.audit.scan(0, 100, 100);
      expect(entries.map((e) => e.requestId)).toEqual(['req-1', 'req-2']);
      expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    });
  });

  it('answers a ping while open', async () => {
    const s = await open();
    expect(await s.ping()).toBe(true);
  });

  it('settles the durability of commits made just before it closes, and keeps them', async () => {
    const s = await open();
    const commits = await Promise.all([1, 2, 3].map((i) =>
      s.commit((repos) => repos.projects.insert({ id: `p${i}`, name: `edge${i}`, description: '', enabled: true, tags: [], createdAt: T0 }))));
    await s.close();
    store = null;
    await Promise.all(commits.map((c) => c.durable));
    store = await openStore(db.location);
    expect(await store.repos.projects.findById('p3')).not.toBeNull();
  });
});
