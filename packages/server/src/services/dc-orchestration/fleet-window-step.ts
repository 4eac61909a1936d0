import { pythonTime } from '@murmuration/core/common';
import {
  deferOffline, errorDescription, peerDurations, planFleetWindow, type DeployStatus, type FleetStepChanges,
  type FleetStepRecord, type FleetStrategyOptions, type SubcloudRecord,
} from '@murmuration/core/dc';
import { failureBudget, type StrategyRecord } from '@murmuration/core/orchestration';
import type { Logger } from 'pino';
import { success, type StepOutcome, type StepRun, type StepType } from '../../engine/index.js';
import { fleetStepWriter } from './fleet-step-writer.js';
import { swDeployDriver, type SubcloudDeployDeps, type SubcloudDriver } from './subcloud-deploy.js';
import { wakeableWait } from './wakeable-wait.js';

type Run = StepRun<FleetStrategyOptions>;
type FleetStrategy = StrategyRecord<FleetStrategyOptions>;

export interface FleetWindowDeps extends SubcloudDeployDeps {
  /** The fleet strategy's kind name, under which the engine keeps it. */
  readonly kindName: string;
  readonly retryAfterMs: number;
  readonly maxDeferrals: number;
  readonly logger: Logger;
}

/** The rows of the stage under way: the canaries in the first stage when there are any, then the rest. */
async function stageRows(deps: FleetWindowDeps, run: Run): Promise<{ uuid: string; rows: FleetStepRecord[] } | null> {
  const strategy = (await deps.store.repos.strategies.find(deps.kindName)) as FleetStrategy | null;
  // The engine runs the first stage that has not succeeded.
  const stage = strategy?.apply.stages.find((s) => s.result !== 'success' && s.result !== 'degraded');
  if (!strategy || !stage) return null;
  const { canary } = run.options;
  const range = canary > 0 && stage.stageId === 0 ? { toPosition: canary } : { fromPosition: canary };
  return { uuid: strategy.uuid, rows: await deps.store.repos.fleetSteps.list(strategy.uuid, range) };
}

function failedReason(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return `${names.length} subcloud${names.length === 1 ? '' : 's'} failed: ${shown}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`;
}

/**
 * `deploy-subclouds`: a sliding window over its stage's subclouds, at most `max-parallel-subclouds` under way,
 * every transition of a subcloud's row persisted as it happens. A subcloud offline at its turn is deferred and
 * retried later (failed once deferred too often), an unmanaged one fails; once failures pass the budget (any,
 * with stop-on-failure) nothing more starts. An abort marks what has not started aborted and lets those under way
 * finish. Applied again after a restart, it goes on with the rows as they were left. `driver` takes one subcloud
 * through its states (sw-deploy's, or prestage's).
 */
export function deploySubcloudsStep(
  deps: FleetWindowDeps,
  driver: SubcloudDriver = swDeployDriver(deps),
): StepType<FleetStrategyOptions> {
  const { store, clock, links, logger } = deps;
  return {
    async apply(run): Promise<StepOutcome> {
      const found = await stageRows(deps, run);
      if (!found) return { result: 'failed', reason: 'the strategy has no stage under way' };
      const { uuid } = found;
      const rows = new Map(found.rows.map((r) => [r.subcloudId, r]));
      const order = found.rows.map((r) => r.subcloudId);
      // What the window plans from, in order, kept up to date as the rows change (not rebuilt at each plan).
      const viewOf = (r: FleetStepRecord) => ({
        subcloud: String(r.subcloudId), phase: r.phase, deferrals: r.deferrals, notBefore: r.notBefore,
      });
      const views = found.rows.map(viewOf);
      const placeOf = new Map(order.map((id, i) => [id, i]));
      const failedHere = () => [...rows.values()].filter((r) => r.phase === 'failed');
      const failedElsewhere = (await store.repos.fleetSteps.countByPhase(uuid)).failed - failedHere().length;
      const budget = run.options.stopOnFailure ? 0 : failureBudget(run.options.maxFailures, run.options.subclouds);
      const tasks = new Map<number, Promise<void>>();
      const wait = wakeableWait();
      const peers = { build: peerDurations(), apply: peerDurations() };
      const writer = fleetStepWriter(store, uuid);

      /** The row changed at once as the window plans from it, committed with the others changed meanwhile. */
      function save(subcloudId: number, changes: FleetStepChanges): Promise<void> {
        const now = clock.now();
        const row = { ...rows.get(subcloudId)!, ...changes, updatedAt: now };
        rows.set(subcloudId, row);
        views[placeOf.get(subcloudId)!] = viewOf(row);
        return writer.write(subcloudId, changes, now);
      }

      async function fail(row: FleetStepRecord, details: string, deployStatus?: DeployStatus, error?: string) {
        await save(row.subcloudId, { stage: 3, state: 'failed', phase: 'failed', details, notBefore: null, finishedAt: clock.now() });
        if (deployStatus) {
          const changes = { deployStatus, errorDescription: errorDescription(error ?? details) };
          await store.repos.subclouds.update(row.subcloudId, changes, clock.now());
        }
      }

      async function defer(row: FleetStepRecord, why: string): Promise<void> {
        const now = clock.now();
        const next = deferOffline(
          { subcloud: row.subcloudName, phase: row.phase, deferrals: row.deferrals, notBefore: row.notBefore },
          { now, retryAfterMs: deps.retryAfterMs, maxDeferrals: deps.maxDeferrals },
        );
        if (next.phase === 'failed') {
          await fail(row, `Subcloud ${row.subcloudName} is ${why}: its turn came ${row.deferrals + 1} times, the most it is given`);
          return;
        }
        await save(row.subcloudId, {
          stage: 1, state: 'initial', phase: 'deferred', deferrals: next.deferrals, notBefore: next.notBefore,
          startedAt: null,
          details: `Subcloud ${row.subcloudName} is ${why}: retried after ${pythonTime(next.notBefore!)} `
            + `(deferral ${next.deferrals} of ${deps.maxDeferrals})`,
        });
      }

      /** Drives a running row; `started`: the commit of its start, which its own transitions come after. */
      function spawn(subcloudId: number, started: Promise<void>): void {
        // Its failure is met by the transitions that come after it.
        started.catch(() => undefined);
        const task = driver.drive({
          row: rows.get(subcloudId)!,
          options: run.options,
          stopping: run.expired,
          peers,
          save: (changes) => started.then(() => save(subcloudId, changes)),
        })
          .then(async (end) => {
            const row = rows.get(subcloudId)!;
            if (end.kind === 'complete') {
              const saving = save(subcloudId, { stage: 3, state: 'complete', phase: 'complete', details: end.details, finishedAt: clock.now() });
              // Its place in the window is free once the window sees it complete.
              wait.wake();
              await saving;
            } else if (end.kind === 'failed') {
              await fail(row, end.details, end.deployStatus, end.error);
            } else if (end.kind === 'unreachable') {
              await defer(row, `unreachable (${end.reason})`);
            }
          })
          .catch((error: unknown) => logger.error({ err: error, subcloud: rows.get(subcloudId)?.subcloudName }, 'a subcloud step failed to record'))
          .finally(() => {
            tasks.delete(subcloudId);
            links.forget(subcloudId);
            wait.wake();
          });
        tasks.set(subcloudId, task);
      }

      /** A subcloud whose turn came (as its record stands): started, or deferred or failed at once (then true). */
      async function begin(row: FleetStepRecord, subcloud: SubcloudRecord | undefined): Promise<boolean> {
        if (!subcloud) {
          await fail(row, `Subcloud ${row.subcloudName} is no longer a subcloud of this system controller.`);
        } else if (subcloud.managementState !== 'managed') {
          await fail(row, `Subcloud ${row.subcloudName} is unmanaged.`);
        } else if (subcloud.availabilityStatus !== 'online') {
          await defer(row, 'offline');
        } else {
          // Its first state changes nothing that a restart before this commit would not find again.
          const started = save(row.subcloudId, {
            stage: 2, state: driver.firstState, phase: 'running', startedAt: clock.now(), notBefore: null, details: '',
          });
          spawn(row.subcloudId, started);
          return false;
        }
        return true;
      }

      /** Those whose turn came, at once: their subclouds read in one go, their rows committed together. */
      async function beginAll(ids: readonly number[]): Promise<boolean> {
        const subclouds = new Map((await store.repos.subclouds.findByIds(ids)).map((s) => [s.id, s]));
        const ended = await Promise.all(ids.map((id) => begin(rows.get(id)!, subclouds.get(id))));
        return ended.some(Boolean);
      }

      const drain = async (): Promise<void> => {
        while (tasks.size > 0) await Promise.all([...tasks.values()]);
      };

      // Those under way when the controller stopped go on from where their rows are.
      for (const id of order) if (rows.get(id)!.phase === 'running') spawn(id, Promise.resolve());
      for (;;) {
        if (run.expired()) break;
        if (await run.abortRequested()) {
          await store.repos.fleetSteps.abortNotStarted(uuid, clock.now());
          for (const [id, row] of rows) {
            if (row.phase !== 'waiting' && row.phase !== 'deferred') continue;
            rows.set(id, { ...row, phase: 'aborted', state: 'aborted' });
            views[placeOf.get(id)!] = viewOf(rows.get(id)!);
          }
          await drain();
          return run.expired() ? { result: 'timed-out', reason: 'the controller stopped' } : success;
        }
        const plan = planFleetWindow({
          steps: views,
          maxParallel: run.options.maxParallelSubclouds,
          failureBudget: budget - failedElsewhere,
          stopOnFailure: run.options.stopOnFailure,
          now: clock.now(),
        });
        if (plan.finished) break;
        const again = plan.start.length > 0 && (await beginAll(plan.start.map(Number)));
        if (!again) await wait.until(deps.pollMs);
      }
      await drain();
      if (run.expired()) return { result: 'timed-out', reason: 'the controller stopped while subclouds were under way' };
      const failed = failedHere().map((r) => r.subcloudName);
      return failed.length === 0 ? success : { result: 'failed', reason: failedReason(failed), failedHosts: failed };
    },
  };
}
