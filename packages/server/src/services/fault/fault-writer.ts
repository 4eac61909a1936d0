import type { Clock, RequestContext } from '@murmuration/core/common';
import {
  changeScope, planAlarmChanges, type AlarmChange, type AlarmChangeResult, type AlarmRecord,
} from '@murmuration/core/fault';
import type { Committed, Repos, Store } from '@murmuration/store';
import { timeOrderedUuid } from '../../runtime/time-ordered-uuid.js';
import type { AuditNote, AuditService } from '../audit/index.js';

/** The audit entry a change made on behalf of a request leaves, written in the same commit. */
export interface ChangeAudit {
  readonly ctx: RequestContext;
  readonly note: (result: AlarmChangeResult) => AuditNote;
}

interface Pending {
  readonly change: AlarmChange;
  readonly audit: ChangeAudit | null;
  readonly resolve: (result: AlarmChangeResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes alarm changes with group commit: changes that arrive while a commit is running are
 * committed together in the next transaction, each one answered only once its commit is on
 * stable storage; a batch is committed while the previous one is still syncing. The alarm
 * table, the event log and the audit entries always move together.
 */
export interface FaultWriter {
  submit(change: AlarmChange, audit?: ChangeAudit): Promise<AlarmChangeResult>;
  /** Applies changes inside a transaction the caller holds (its commit publishes and counts them). */
  applyIn(repos: Repos, changes: readonly AlarmChange[]): Promise<AlarmChangeResult[]>;
  /** Resolves once everything submitted so far has been committed and synced, or refused. */
  drain(): Promise<void>;
  readonly stats: { batches: number; changes: number };
}

/** Most changes in one transaction; more wait for the next one. */
const MAX_BATCH = 512;

export function createFaultWriter(deps: {
  store: Store;
  audit: AuditService;
  clock: Clock;
  committed: () => void;
}): FaultWriter {
  const { store, audit, clock, committed } = deps;
  let queue: Pending[] = [];
  let running: Promise<void> | null = null;
  const stats = { batches: 0, changes: 0 };

  async function apply(repos: Repos, changes: readonly AlarmChange[]): Promise<AlarmChangeResult[]> {
    const scope = changeScope(changes);
    const stored = new Map<string, AlarmRecord>();
    const add = (alarms: readonly AlarmRecord[]): void => alarms.forEach((a) => stored.set(a.uuid, a));
    if (scope.entities.length > 0) add(await repos.alarms.onEntities(scope.entities));
    for (const uuid of scope.uuids) {
      const alarm = await repos.alarms.find(uuid);
      if (alarm) add([alarm]);
    }
    for (const tree of scope.trees) add(await repos.alarms.onEntityTree(tree));
    const now = clock.now();
    const plan = planAlarmChanges(changes, [...stored.values()], () => timeOrderedUuid(), now);
    await repos.alarms.remove(plan.removals);
    await repos.alarms.upsert(plan.upserts);
    await repos.events.append(plan.events);
    return plan.results;
  }

  /** Commits not yet on stable storage; their callers are answered when they are. */
  const syncing = new Set<Promise<void>>();

  async function commit(batch: readonly Pending[]): Promise<void> {
    let done: Committed<AlarmChangeResult[]>;
    try {
      done = await store.commit(async (repos) => {
        const out = await apply(
          repos,
          batch.map((p) => p.change),
        );
        const audited = batch.flatMap((p, i) => (p.audit ? [{ ctx: p.audit.ctx, note: p.audit.note(out[i]!) }] : []));
        await audit.appendMany(repos, audited);
        return out;
      });
    } catch (error) {
      for (const p of batch) if (p.audit) p.audit.ctx.audited = false;
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad change must not fail the others: commit each on its own.
      for (const p of batch) await commit([p]);
      return;
    }
    stats.batches += 1;
    stats.changes += batch.length;
    // The next batch runs while the disk syncs this one; nobody hears of a change before it is durable.
    const answered = done.durable.then(
      () => {
        batch.forEach((p, i) => p.resolve(done.value[i]!));
        committed();
      },
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
    syncing.add(answered);
    void answered.finally(() => syncing.delete(answered));
  }

  async function run(): Promise<void> {
    // Let the requests that are already readable join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      await commit(batch);
    }
    running = null;
  }

  /** Changes made by other services in their own transactions count once those commit. */
  async function applyIn(repos: Repos, changes: readonly AlarmChange[]): Promise<AlarmChangeResult[]> {
    const results = await apply(repos, changes);
    if (changes.length > 0) {
      repos.afterCommit(() => {
        stats.batches += 1;
        stats.changes += changes.length;
        committed();
      });
    }
    return results;
  }

  return {
    stats,
    applyIn,
    submit(change, changeAudit) {
      return new Promise<AlarmChangeResult>((resolve, reject) => {
        queue.push({ change, audit: changeAudit ?? null, resolve, reject });
        running ??= run();
      });
    },
    async drain() {
      while (running || syncing.size > 0) {
        await running;
        await Promise.all(syncing);
      }
    },
  };
}
