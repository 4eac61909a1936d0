import { isAppError, type Clock } from '@murmuration/core/common';
import type { StrategyObject } from '@murmuration/core/contract/orchestration';
import {
  lookSchedule, NO_ERRORS, stepDetails, subcloudFailure, vimStrategyBody, type DeployStatus, type FleetStepChanges,
  type FleetStepRecord, type FleetStepState, type FleetStrategyOptions, type PeerDurations, type SwDeployStepState,
  type SwUpdateOptions,
} from '@murmuration/core/dc';
import type { Store } from '@murmuration/store';
import { sleep } from '../../engine/index.js';
import type { SubcloudLink, SubcloudLinks } from './subcloud-links.js';

/** What driving one subcloud's step takes. */
export interface SubcloudDeployDeps {
  readonly store: Store;
  readonly links: SubcloudLinks;
  readonly clock: Clock;
  /**
   * Brings the release to a subcloud that lacks it (a prestage: resumable, paced, within the fleet's limit);
   * `stopped` when the controller stops meanwhile.
   */
  readonly deliver: (subcloudId: number, releaseId: string, stopping: () => boolean) => Promise<'delivered' | 'stopped'>;
  /** The options the subcloud's own strategy is made with (its own, or the defaults). */
  readonly optionsOf: (subcloudId: number) => Promise<SwUpdateOptions>;
  readonly pollMs: number;
  readonly subcloudTimeoutMs: number;
  readonly maxFailedPolls: number;
}

/** One step to drive: its row as it stands, the strategy's options, and where each transition is kept. */
export interface SubcloudDeployJob {
  readonly row: FleetStepRecord;
  readonly options: FleetStrategyOptions;
  /** True once the controller stops: the step is left where it is, to go on at the next start. */
  readonly stopping: () => boolean;
  /** How long the builds and applies of the strategy's subclouds took so far, to look at this one when it is due. */
  readonly peers: { readonly build: PeerDurations; readonly apply: PeerDurations };
  /** Changes the row (at once as the window sees it); resolves once committed. */
  save(changes: FleetStepChanges): Promise<void>;
}

/** How one subcloud's step is driven: the state it starts in, and from there to its end. */
export interface SubcloudDriver {
  readonly firstState: FleetStepState;
  drive(job: SubcloudDeployJob): Promise<SubcloudDeployEnd>;
}

/** How a subcloud's step ended, or that it was left as it stands. */
export type SubcloudDeployEnd =
  | { readonly kind: 'complete'; readonly details: string }
  | { readonly kind: 'failed'; readonly details: string; readonly deployStatus: DeployStatus; readonly error: string }
  /** Not reached at its pre-check: the window retries it later. */
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'stopped' };

/** VIM states a strategy no longer moves from; one in any of them is deleted before a new one is made. */
const FINISHED_VIM_STATES = new Set([
  'applied', 'aborted', 'build-failed', 'build-timeout', 'apply-failed', 'apply-timeout', 'abort-failed', 'abort-timeout',
]);
/** How soon a subcloud's strategy is first looked at again after a create or an apply. */
const FIRST_LOOK_MS = 50;
/** Codes of a look that may succeed if tried again (the subcloud restarting, a controller swact). */
const PASSING = new Set(['UNAVAILABLE', 'INTERNAL', 'REQUEST_TIMEOUT']);

class StepFailed extends Error {
  constructor(message: string, readonly vimState?: string, readonly vimStrategy = false) {
    super(message);
  }
}
class Unreachable extends Error {}
class Stopped extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** A request made ahead of being awaited: its failure is thrown where it is awaited, never left unhandled. */
const handled = <T>(work: Promise<T>): Promise<T> => {
  work.catch(() => undefined);
  return work;
};

/**
 * Takes one subcloud through dcmanager's sw-deploy states from where its row stands: `sw-deploy pre-check` (no
 * other strategy running there; the release uploaded from the system controller when missing), `create VIM
 * sw-deploy strategy` (with the subcloud's strategy-config, until ready-to-apply), `apply VIM sw-deploy strategy`
 * (apply-all, followed until applied), `finish sw-deploy strategy`. A row caught mid-way by a restart goes on from
 * its state: a strategy the subcloud already holds for this step is followed, never made again.
 */
export async function deploySubcloud(deps: SubcloudDeployDeps, job: SubcloudDeployJob): Promise<SubcloudDeployEnd> {
  const { store, clock } = deps;
  const { row, options } = job;
  let state = row.state;
  let vimUuid = row.vimStrategyUuid;
  /** The subcloud's strategy as this run last saw it (undefined: not looked at yet, as after a restart). */
  let known: StrategyObject | null | undefined;
  const current = async (link: SubcloudLink) =>
    known !== undefined ? known : call('Failed to get VIM strategy', () => link.vim.get());
  const startedAt = row.startedAt ?? clock.now();
  const fail = (message: string, vimState?: string, vimStrategy = false): never => {
    throw new StepFailed(message, vimState, vimStrategy);
  };

  async function call<T>(what: string, work: () => Promise<T>, unreachable = false): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (unreachable && isAppError(error) && error.code === 'UNAVAILABLE') throw new Unreachable(error.message);
      return fail(`${what}: ${messageOf(error)}`, undefined, state !== 'sw-deploy pre-check');
    }
  }

  /**
   * Looks again until `check` says done, riding out a few failed looks, as `lookSchedule` spaces the looks: every
   * poll interval until the time `peers` says it is likely done, then soon and twice as long each time up to the
   * poll interval (from the start when nothing is known: a build is often done at once). `peers` is null for a
   * build or apply started before a restart (when it started is not known); it learns from those started here.
   */
  async function follow(
    link: SubcloudLink,
    what: string,
    check: (s: StrategyObject | null) => boolean | Promise<boolean>,
    peers: PeerDurations | null,
  ): Promise<void> {
    let failures = 0;
    // Real time, as the waits are: from the answer that started it to the last look that saw it not done.
    const begun = performance.now();
    let lastNotDone: number | null = null;
    const schedule = lookSchedule({
      startedAt: begun, expectedMs: peers?.expected() ?? null, firstMs: FIRST_LOOK_MS, maxMs: deps.pollMs,
    });
    for (;;) {
      if (job.stopping()) throw new Stopped();
      if (clock.now() - startedAt > deps.subcloudTimeoutMs) fail(`Timeout waiting for VIM strategy to ${what}.`, undefined, true);
      await sleep(schedule.next(performance.now()));
      if (job.stopping()) throw new Stopped();
      const sent = performance.now();
      let current: StrategyObject | null;
      try {
        current = await link.vim.get();
        failures = 0;
      } catch (error) {
        if (!isAppError(error) || !PASSING.has(error.code)) return fail(`Failed to get VIM strategy: ${messageOf(error)}`, undefined, true);
        failures += 1;
        if (failures >= deps.maxFailedPolls) fail('Timeout during recovery of VIM strategy.', undefined, true);
        continue;
      }
      if (await check(current)) {
        peers?.observe(lastNotDone === null ? 0 : lastNotDone - begun);
        return;
      }
      lastNotDone = sent;
    }
  }

  async function preCheck(link: SubcloudLink): Promise<string | null> {
    // Its strategy and its releases asked for at once (on one login), its error cleared meanwhile.
    const looking = handled(call('Get current strategy failed', () => link.vim.get(), true));
    const listing = handled(call('Subcloud software list failed', () => link.usm.list(), true));
    await store.repos.subclouds.update(row.subcloudId, { errorDescription: NO_ERRORS }, clock.now());
    const current = await looking;
    if (current && !FINISHED_VIM_STATES.has(current.state)) {
      fail('sw-upgrade strategy is currently executing and a new strategy cannot be created.', current.state);
    }
    const releases = await listing;
    const held = releases.find((r) => r.release_id === options.releaseId);
    // A finished strategy deleted, and the release brought (prestaged) when missing, at once.
    const removing = current ? handled(call('Delete strategy sw-upgrade failed', () => link.vim.remove(false))) : null;
    const delivering = held ? null : handled(call(`Failed to upload release ${options.releaseId}`, () =>
      deps.deliver(row.subcloudId, options.releaseId, job.stopping)));
    await removing;
    known = null;
    if ((await delivering) === 'stopped') throw new Stopped();
    if (held && (held.state === 'deployed' || held.state === 'committed')) {
      return `Release ${options.releaseId} is already deployed on subcloud ${row.subcloudName}.`;
    }
    return null;
  }

  async function createVim(link: SubcloudLink): Promise<void> {
    const held = await current(link);
    // Made for this step before a restart (its uuid kept, or made just before the restart could keep it).
    const ours = held !== null && (held.uuid === vimUuid
      || (vimUuid === null && ['building', 'ready-to-apply'].includes(held.state) && held['release-id'] === options.releaseId));
    let made = held;
    if (!ours) {
      if (held && !FINISHED_VIM_STATES.has(held.state)) {
        fail('Failed to create a VIM strategy. There already is an existing strategy in this state.', held.state, true);
      }
      if (held) await call('Failed to delete existing VIM strategy', () => link.vim.remove(false));
      const settings = await deps.optionsOf(row.subcloudId);
      made = await call('Failed to create VIM strategy', () => link.vim.create(vimStrategyBody(settings, options)));
    }
    if (made!.uuid !== vimUuid) {
      vimUuid = made!.uuid;
      // Kept for a restart, not awaited: one made just before a restart is known again without it (see `ours`).
      void handled(job.save({ vimStrategyUuid: vimUuid }));
    }
    const built = (s: StrategyObject | null): boolean => {
      if (s === null || s.uuid !== vimUuid) return fail('VIM Strategy no longer exists.', undefined, true);
      known = s;
      if (s.state === 'ready-to-apply') return true;
      if (s.state === 'building' || s.state === 'initial') return false;
      const why = s['build-phase'].response || s['build-phase'].reason;
      return fail(`VIM strategy build failed: ${why}`, s.state, true);
    };
    if (!built(made)) await follow(link, 'build', built, ours ? null : job.peers.build);
  }

  async function applyVim(link: SubcloudLink): Promise<void> {
    // Its deploy-status written while its strategy is looked at and applied.
    const marking = handled(store.repos.subclouds.update(row.subcloudId, { deployStatus: 'sw-deploy-in-progress' }, clock.now()));
    let held = await current(link);
    if (held === null || (vimUuid !== null && held.uuid !== vimUuid)) fail('VIM Strategy no longer exists.', undefined, true);
    const applying = held!.state === 'ready-to-apply';
    if (applying) held = await call('Failed to apply VIM strategy', () => link.vim.act('apply-all'));
    await marking;
    const uuid = held!.uuid;
    let progress = row.details;
    const applied = async (s: StrategyObject | null): Promise<boolean> => {
      if (s === null || s.uuid !== uuid) return fail('VIM Strategy no longer exists.', undefined, true);
      if (s.state === 'applied') return true;
      if (s.state === 'applying') {
        const now = `${s['current-phase']} phase is ${s['current-phase-completion-percentage']}% complete`;
        if (now !== progress) {
          progress = now;
          void handled(job.save({ details: now }));
        }
        return false;
      }
      const why = s['apply-phase'].response || s['apply-phase'].reason;
      if (s.state === 'apply-failed' || s.state === 'apply-timeout') return fail(`VIM strategy apply failed: ${why}`, s.state, true);
      return fail('VIM strategy unexpected apply state.', s.state, true);
    };
    if (!(await applied(held))) await follow(link, 'apply', applied, applying ? job.peers.apply : null);
  }

  const link = await deps.links.of(row.subcloudId);
  if (link === null) {
    const error = subcloudFailure(row.subcloudName, 'it is no longer a subcloud of this system controller');
    return { kind: 'failed', details: stepDetails(state, error), deployStatus: 'complete', error };
  }
  try {
    for (;;) {
      let next: SwDeployStepState;
      if (state === 'sw-deploy pre-check') {
        const skipped = await preCheck(link);
        if (skipped !== null) return { kind: 'complete', details: skipped };
        next = 'create VIM sw-deploy strategy';
      } else if (state === 'create VIM sw-deploy strategy') {
        await createVim(link);
        next = 'apply VIM sw-deploy strategy';
      } else if (state === 'apply VIM sw-deploy strategy') {
        await applyVim(link);
        next = 'finish sw-deploy strategy';
      } else {
        await store.repos.subclouds.update(row.subcloudId, { deployStatus: 'complete', errorDescription: NO_ERRORS }, clock.now());
        return { kind: 'complete', details: '' };
      }
      if (job.stopping()) return { kind: 'stopped' };
      state = next;
      // The subcloud's strategy is made, or applied, only once its row says so; the finish needs nothing first.
      const saved = job.save({ state, details: '' });
      if (state === 'finish sw-deploy strategy') void handled(saved);
      else await saved;
    }
  } catch (error) {
    if (error instanceof Stopped) return { kind: 'stopped' };
    if (error instanceof Unreachable) return { kind: 'unreachable', reason: error.message };
    const failed = error instanceof StepFailed ? error : new StepFailed(messageOf(error));
    const { vimState, vimStrategy } = failed;
    const text = subcloudFailure(row.subcloudName, failed.message, { vimState, vimStrategy });
    return {
      kind: 'failed',
      details: stepDetails(state, text),
      deployStatus: state === 'sw-deploy pre-check' ? 'complete' : 'sw-deploy-apply-strategy-failed',
      error: text,
    };
  }
}

/** The sw-deploy strategy's driver. */
export const swDeployDriver = (deps: SubcloudDeployDeps): SubcloudDriver => ({
  firstState: 'sw-deploy pre-check',
  drive: (job) => deploySubcloud(deps, job),
});
