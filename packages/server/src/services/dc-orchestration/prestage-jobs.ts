import { Session, type FetchLike } from '@murmuration/client';
import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  prestageRefusal, readPrestageRequest, withPrestageVersion, type PrestageOrigin, type PrestageProgress,
  type SubcloudPrestageRecord, type SubcloudRecord,
} from '@murmuration/core/dc';
import type { Repos, Store } from '@murmuration/store';
import type { Logger } from 'pino';
import { loopHealth, type BackgroundLoop } from '../../runtime/background-loop.js';
import type { AuditService } from '../audit/index.js';
import { findSubcloud } from '../dc-manager/index.js';
import { bundleFacts } from './prestage-bundle.js';
import { prestageTransfer, type PrestageTransferSettings } from './prestage-transfer.js';
import type { SubcloudAccount } from './subcloud-links.js';
import { wakeableWait } from './wakeable-wait.js';

type Body = Readonly<Record<string, unknown>>;

export interface PrestageJobSettings extends PrestageTransferSettings {
  /** Transfers under way at once across the fleet (every path: the action, the strategies). */
  readonly concurrency: number;
  readonly leaseMs: number;
  /** How often the loop looks for prestages no replica works (a dead one's, after its lease). */
  readonly pollMs: number;
}

/** How far the concurrency limit was used: now, at most since the start, and the limit. */
export interface PrestageStats {
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly limit: number;
}

/** A subcloud's prestage as `GET /subclouds/{ref}/prestage` shows it. */
export interface PrestageView {
  readonly subcloud: SubcloudRecord;
  readonly job: SubcloudPrestageRecord | null;
}

/** A prestage's end, or that the wait for it stopped (the controller is stopping). */
export type PrestageWait = SubcloudPrestageRecord | 'stopped';

/**
 * The system controller's prestages, one per subcloud at a time, kept in `subcloud_prestages` and worked by one loop
 * (`subcloud-prestage`): it claims those under way that no live lease holds, up to the fleet-wide concurrency
 * limit, and runs each transfer (`prestageTransfer`), saving its progress and renewing its lease about once a
 * second. A restart resumes them (from where each subcloud stands); a stopping controller hands its leases back.
 * The subcloud's `prestage-status` follows (prestaging, then complete or failed) and a release prestaged is added to
 * its `prestage-versions`.
 */
export interface SubcloudPrestages {
  readonly loop: BackgroundLoop;
  /** `PATCH /subclouds/{ref}/prestage`: checked as dcmanager does, then under way. */
  prestage(
    ctx: RequestContext,
    ref: string,
    body: Body | null,
  ): Promise<{ readonly subcloud: SubcloudRecord; readonly releaseId: string }>;
  view(ref: string): Promise<PrestageView>;
  /**
   * Puts a prestage of `releaseId` under way for a strategy's step (one already under way for it is joined; one
   * for another release is a conflict); `check` applies the action's checks first.
   */
  ensure(
    subcloudId: number,
    releaseId: string,
    how: { readonly forSwDeploy: boolean; readonly origin: PrestageOrigin; readonly check: boolean },
  ): Promise<void>;
  /** Until the subcloud's prestage of `releaseId` ends, or `stopping` says so. */
  waitFor(subcloudId: number, releaseId: string, stopping: () => boolean): Promise<PrestageWait>;
  stats(): PrestageStats;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function subcloudPrestages(deps: {
  readonly store: Store;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: PrestageJobSettings;
  /** This replica's name on its leases. */
  readonly owner: string;
  /** Text requests (logins, offers) on a connection each; bytes (chunks) with the chunk's deadline. */
  readonly fetch: FetchLike;
  readonly bundlePath: (releaseId: string) => string;
  readonly account: (subcloudId: number) => Promise<SubcloudAccount | null>;
}): SubcloudPrestages {
  const { store, audit, clock, logger, settings, owner } = deps;
  const facts = bundleFacts();
  const running = new Map<number, AbortController>();
  const tasks = new Set<Promise<void>>();
  const waiters = new Map<number, Set<() => void>>();
  const wait = wakeableWait();
  const health = loopHealth();
  let maxInFlight = 0;
  let looping: Promise<void> | null = null;

  const notify = (subcloudId: number) => {
    for (const wake of waiters.get(subcloudId) ?? []) wake();
  };

  async function finish(job: SubcloudPrestageRecord, error: string | null, progress: Partial<PrestageProgress>) {
    const state = error === null ? 'complete' : 'failed';
    await store.transaction(async (repos) => {
      const now = clock.now();
      if (!(await repos.subcloudPrestages.finish(job.subcloudId, owner, { state, error, ...progress }, now))) return;
      const subcloud = await repos.subclouds.findById(job.subcloudId);
      if (!subcloud) return;
      await repos.subclouds.update(job.subcloudId, {
        prestageStatus: state,
        ...(state === 'complete' ? { prestageVersions: withPrestageVersion(subcloud.prestageVersions, job.releaseId) } : {}),
      }, now);
    });
  }

  async function work(job: SubcloudPrestageRecord, controller: AbortController): Promise<void> {
    const id = job.subcloudId;
    let latest: PrestageProgress | null = null;
    let saving: Promise<void> = Promise.resolve();
    const save = () => {
      saving = saving.then(async () => {
        if (!latest || controller.signal.aborted) return;
        const now = clock.now();
        const held = await store.repos.subcloudPrestages.progress(id, owner, latest, now + settings.leaseMs, now);
        if (!held) controller.abort(new Error('the lease on this prestage was lost'));
      }).catch((error: unknown) => logger.warn({ err: error, subcloud: id }, 'could not record a prestage\'s progress'));
    };
    const saver = setInterval(save, Math.max(50, Math.min(1000, settings.leaseMs / 3)));
    let name = String(id);
    try {
      const subcloud = await store.repos.subclouds.findById(id);
      if (!subcloud) return;
      name = subcloud.name;
      const account = await deps.account(id);
      if (!account) throw new Error('the subcloud has no service account on this system controller');
      const bundle = await facts(deps.bundlePath(job.releaseId));
      const session = new Session({ ...account, regionName: null, interface: 'public' }, { fetch: deps.fetch });
      const end = await prestageTransfer({
        fetch: deps.fetch,
        settings,
        target: {
          url: subcloud.url,
          token: async (renew) => {
            if (renew) await session.forget();
            return (await session.token()).token;
          },
        },
        releaseId: job.releaseId,
        bundle,
        attemptsBefore: job.attempts,
        onProgress: (progress) => {
          latest = progress;
        },
        signal: controller.signal,
      });
      clearInterval(saver);
      await saving;
      await finish(job, null, end);
    } catch (error) {
      clearInterval(saver);
      await saving;
      // Stopping, or the lease lost: left as it stands, for whoever holds it next.
      if (controller.signal.aborted) return;
      logger.warn({ err: error, subcloud: id, release: job.releaseId }, 'a prestage failed');
      await finish(job, `Prestage failed for subcloud ${name}: ${messageOf(error)}`.slice(0, 2000), latest ?? {});
    } finally {
      clearInterval(saver);
      running.delete(id);
      notify(id);
      wait.wake();
    }
  }

  async function pass(): Promise<void> {
    const free = settings.concurrency - running.size;
    if (free <= 0) return;
    const now = clock.now();
    for (const job of await store.repos.subcloudPrestages.claim(owner, now, now + settings.leaseMs, free)) {
      if (running.has(job.subcloudId)) continue;
      const controller = new AbortController();
      running.set(job.subcloudId, controller);
      maxInFlight = Math.max(maxInFlight, running.size);
      const task = work(job, controller)
        .catch((error: unknown) => logger.error({ err: error, subcloud: job.subcloudId }, 'a prestage failed to record'))
        .finally(() => tasks.delete(task));
      tasks.add(task);
    }
  }

  const loop: BackgroundLoop = {
    name: 'subcloud-prestage',
    health,
    async start(signal) {
      signal.addEventListener('abort', () => {
        wait.wake();
        for (const controller of running.values()) controller.abort(new Error('the controller is stopping'));
      }, { once: true });
      looping = (async () => {
        while (!signal.aborted) {
          try {
            await pass();
          } catch (error) {
            health.failed(error);
            logger.error({ err: error }, 'the prestage loop failed a pass');
          }
          if (signal.aborted) break;
          await wait.until(settings.pollMs);
        }
      })();
    },
    async stop() {
      await looping;
      while (tasks.size > 0) await Promise.all([...tasks]);
      await store.repos.subcloudPrestages.abandon(owner);
    },
  };

  async function start(
    repos: Repos,
    subcloud: SubcloudRecord,
    releaseId: string,
    forSwDeploy: boolean,
    origin: PrestageOrigin,
  ) {
    const now = clock.now();
    await repos.subcloudPrestages.start({ subcloudId: subcloud.id, releaseId, forSwDeploy, origin }, now);
    return (await repos.subclouds.update(subcloud.id, { prestageStatus: 'prestaging' }, now)) ?? subcloud;
  }

  const releaseHeld = async (body: Body | null): Promise<string | null> => {
    const release = body?.['release'];
    return typeof release === 'string' && release !== '' && (await store.repos.releases.find(release)) ? release : null;
  };

  return {
    loop,

    async prestage(ctx, ref, body) {
      const held = await releaseHeld(body);
      const request = readPrestageRequest(body, { releaseExists: (id) => id === held });
      const subcloud = await audit.change(ctx, { target: `subcloud:${ref}`, detail: `prestage ${request.releaseId}` }, async (repos) => {
        const found = await findSubcloud(repos, ref);
        const refusal = prestageRefusal(found);
        if (refusal) throw refusal;
        if (!request.force && found.alarms.critical > 0) {
          throw invalid(`Prestage failed '${found.name}': Subcloud has management affecting alarms (${found.alarms.critical} critical); `
            + 'give force to prestage anyway', { rule: 'subcloud_deploy_status' });
        }
        return start(repos, found, request.releaseId, request.forSwDeploy, 'subcloud');
      });
      wait.wake();
      return { subcloud, releaseId: request.releaseId };
    },

    async view(ref) {
      const subcloud = await findSubcloud(store.repos, ref);
      return { subcloud, job: await store.repos.subcloudPrestages.find(subcloud.id) };
    },

    async ensure(subcloudId, releaseId, how) {
      await store.transaction(async (repos) => {
        const subcloud = await repos.subclouds.findById(subcloudId);
        if (!subcloud) throw notFound('Subcloud not found', { subcloud: subcloudId });
        const job = await repos.subcloudPrestages.find(subcloudId);
        if (job?.state === 'prestaging') {
          if (job.releaseId === releaseId) return;
          throw conflict(`Prestage failed '${subcloud.name}': a prestage of ${job.releaseId} is under way there`, { rule: 'prestage_in_progress' });
        }
        if (how.check) {
          const refusal = prestageRefusal({ ...subcloud, prestageStatus: null });
          if (refusal) throw refusal;
        }
        await start(repos, subcloud, releaseId, how.forSwDeploy, how.origin);
      });
      wait.wake();
    },

    async waitFor(subcloudId, releaseId, stopping) {
      for (;;) {
        // Listening before looking: an end that comes while the row is read is not missed.
        let done = () => undefined as void;
        const ended = new Promise<void>((resolve) => {
          const set = waiters.get(subcloudId) ?? new Set();
          waiters.set(subcloudId, set);
          done = () => {
            clearTimeout(timer);
            set.delete(done);
            if (set.size === 0) waiters.delete(subcloudId);
            resolve();
          };
          const timer = setTimeout(done, settings.pollMs);
          set.add(done);
        });
        const job = await store.repos.subcloudPrestages.find(subcloudId);
        if (!job || job.releaseId !== releaseId || job.state !== 'prestaging' || stopping()) {
          done();
          if (!job || job.releaseId !== releaseId) throw new Error(`the prestage of ${releaseId} is no longer recorded`);
          return job.state !== 'prestaging' ? job : 'stopped';
        }
        await ended;
      }
    },

    stats: () => ({ inFlight: running.size, maxInFlight, limit: settings.concurrency }),
  };
}
