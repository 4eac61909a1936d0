import { conflict, invalid, notFound } from '@murmuration/core/common';
import {
  emptyPhase, planSwDeploy, readSwDeployOptions, type StageRecord, type StepRecord, type SwDeployStrategy,
} from '@murmuration/core/orchestration';
import { randomUUID } from 'node:crypto';
import { finishApply } from '../engine/strategy-phase.js';
import { hollowHosts } from './hollow-hosts.js';
import { findRelease, setReleaseState } from './hollow-releases.js';
import type { HollowSubcloud } from './hollow-subcloud.js';

/**
 * A hollow subcloud's VIM sw-deploy strategy (`sw-upgrade`). It is planned as a real controller
 * plans it (the same option reader and stage builder, over the subcloud's hollow hosts) and then
 * runs on the clock alone: the apply phase takes the fleet's deploy time, shared evenly by its
 * steps, so its state at any moment follows from when it was applied, and nothing runs between
 * requests. The strategy as built is kept; what it looks like now is computed when asked.
 */
export interface HollowStrategy {
  /** The strategy as built, ready to apply. */
  readonly built: SwDeployStrategy;
  /** `building` until then. */
  readonly readyAt: number;
  /** When apply-all was asked; null before. */
  appliedAt: number | null;
  /** How long its apply phase takes. */
  deployMs: number;
  /** Whether this apply fails: its first deployment to hosts ends `failed`. */
  fails: boolean;
  /** When abort was asked; null if it was not. */
  abortedAt: number | null;
  /** Whether the end of its apply was taken into the subcloud's releases. */
  settled: boolean;
}

/** What the fleet gives a strategy: its seed (for the hosts), its clock, its build and deploy times. */
export interface HollowStrategyTimes {
  readonly seed: string;
  readonly now: number;
  readonly buildMs: number;
}

const ENDED = new Set(['applied', 'apply-failed', 'aborted']);
const ABORTED_REASON = 'aborted by the operator';

/** `POST …/sw-upgrade/strategy`: plans the strategy for the release, refusing what the real controller refuses. */
export function createHollowStrategy(
  subcloud: HollowSubcloud,
  body: Readonly<Record<string, unknown>>,
  times: HollowStrategyTimes,
): HollowStrategy {
  const options = readSwDeployOptions(body);
  const release = findRelease(subcloud, options.release);
  if (!release) throw invalid(`release ${options.release} has not been uploaded`, { field: 'release' });
  if (subcloud.strategy !== null) throw conflict('a sw-deploy strategy already exists; delete it first', { rule: 'strategy_exists' });
  const hosts = hollowHosts(times.seed, subcloud);
  const running = new Map(hosts.map((h) => [h.uuid, release.state === 'deployed' ? release.metadata.id : null]));
  const stages = planSwDeploy(options, hosts, running, release.metadata.rebootRequired);
  const now = times.now;
  const built: SwDeployStrategy = {
    uuid: randomUUID(),
    name: 'sw-upgrade',
    options,
    state: 'ready-to-apply',
    build: { ...emptyPhase('build'), result: 'success', startedAt: now, endedAt: now },
    apply: { ...emptyPhase('apply'), stages, timeoutSeconds: stages.reduce((t, s) => t + s.timeoutSeconds, 0) },
    abort: emptyPhase('abort'),
    failedHosts: [],
    createdAt: now,
  };
  // Building for at least a moment: the create answer says `building`, as the VIM's does.
  const readyAt = now + Math.max(1, times.buildMs);
  const strategy = { built, readyAt, appliedAt: null, deployMs: 0, fails: false, abortedAt: null, settled: false };
  subcloud.strategy = strategy;
  return strategy;
}

interface Timeline {
  /** Every step of the apply phase in order: its stage and its place there. */
  readonly steps: ReadonlyArray<readonly [stage: number, step: number]>;
  readonly start: (j: number) => number;
  readonly end: (j: number) => number;
  /** The step that fails, or -1. */
  readonly failing: number;
  /** The last step that runs. */
  readonly last: number;
  readonly endsAt: number;
  readonly outcome: 'applied' | 'apply-failed' | 'aborted';
}

function timeline(s: HollowStrategy, appliedAt: number): Timeline {
  const steps = s.built.apply.stages.flatMap((stage, i) => stage.steps.map((_, j) => [i, j] as const));
  const k = steps.length;
  const start = (j: number) => appliedAt + Math.floor((s.deployMs * j) / k);
  const end = (j: number) => start(j + 1);
  const deploys = steps.findIndex(([i, j]) => s.built.apply.stages[i]!.steps[j]!.name === 'sw-deploy-hosts');
  const failing = s.fails ? (deploys === -1 ? k - 1 : deploys) : -1;
  // An abort is honoured once the step under way has ended.
  const abortStep = s.abortedAt === null ? -1 : steps.findIndex((_, j) => end(j) > s.abortedAt!);
  if (failing !== -1 && (abortStep === -1 || failing <= abortStep)) {
    return { steps, start, end, failing, last: failing, endsAt: end(failing), outcome: 'apply-failed' };
  }
  if (abortStep !== -1) return { steps, start, end, failing: -1, last: abortStep, endsAt: end(abortStep), outcome: 'aborted' };
  return { steps, start, end, failing: -1, last: k - 1, endsAt: end(k - 1), outcome: 'applied' };
}

function failureReason(step: StepRecord): string {
  const on = step.entityNames.length > 0 ? ` on ${step.entityNames.join(', ')}` : '';
  return `the deployment failed${on} (a failure injected into this hollow subcloud)`;
}

/** The apply phase's stages at `now` on the timeline: steps ended, under way, not started. */
function stagesAt(s: HollowStrategy, line: Timeline, now: number): StageRecord[] {
  const stages = s.built.apply.stages.map((stage) => ({ ...stage, steps: [...stage.steps] }));
  line.steps.forEach(([i, j], n) => {
    const step = stages[i]!.steps[j]!;
    if (n > line.last || now < line.start(n)) return;
    if (now < line.end(n)) {
      stages[i]!.steps[j] = { ...step, result: 'inprogress', startedAt: line.start(n) };
      return;
    }
    const failed = n === line.failing;
    stages[i]!.steps[j] = { ...step, result: failed ? 'failed' : 'success', reason: failed ? failureReason(step) : '', startedAt: line.start(n), endedAt: line.end(n) };
  });
  return stages.map((stage): StageRecord => {
    const started = stage.steps.filter((st) => st.startedAt !== null);
    if (started.length === 0) return stage;
    const failed = stage.steps.find((st) => st.result === 'failed');
    const startedAt = started[0]!.startedAt;
    if (failed) return { ...stage, result: 'failed', reason: `${failed.name} failed: ${failed.reason}`, startedAt, endedAt: failed.endedAt };
    if (stage.steps.every((st) => st.result === 'success')) return { ...stage, result: 'success', startedAt, endedAt: stage.steps.at(-1)!.endedAt };
    return { ...stage, result: 'inprogress', startedAt };
  });
}

/** The strategy as the VIM would show it at `now`. */
export function hollowStrategyAt(s: HollowStrategy, now: number): SwDeployStrategy {
  const { built } = s;
  if (now < s.readyAt) return { ...built, state: 'building', build: { ...built.build, result: 'inprogress', endedAt: null } };
  const ready: SwDeployStrategy = { ...built, build: { ...built.build, endedAt: s.readyAt } };
  if (s.appliedAt === null) return ready;
  const line = timeline(s, s.appliedAt);
  const stages = stagesAt(s, line, now);
  const apply = { ...ready.apply, stages, result: 'inprogress' as const, startedAt: s.appliedAt };
  const abort = s.abortedAt === null ? ready.abort : { ...ready.abort, result: 'inprogress' as const, startedAt: s.abortedAt };
  const under = { ...ready, apply, abort };
  if (now < line.endsAt) return { ...under, state: s.abortedAt === null ? 'applying' : 'aborting' };
  if (line.outcome === 'applied') return finishApply(under, 'applied', 'success', '', line.endsAt);
  if (line.outcome === 'aborted') {
    const ended = finishApply(under, 'aborted', 'aborted', ABORTED_REASON, line.endsAt);
    return { ...ended, abort: { ...abort, result: 'success', endedAt: line.endsAt } };
  }
  const reason = stages.find((st) => st.result === 'failed')!.reason;
  return finishApply(under, 'apply-failed', 'failed', reason, line.endsAt);
}

/**
 * Takes the end of an apply into the subcloud, once: the release `deployed` after `applied`,
 * `available` again after a failure or an abort. Called before anything of the subcloud is read.
 */
export function settleHollowStrategy(subcloud: HollowSubcloud, now: number): void {
  const s = subcloud.strategy;
  if (s === null || s.appliedAt === null || s.settled) return;
  const state = hollowStrategyAt(s, now).state;
  if (!ENDED.has(state)) return;
  s.settled = true;
  setReleaseState(subcloud, s.built.options.release, state === 'applied' ? 'deployed' : 'available');
}

/** `apply-all`: only a strategy ready to apply; this apply fails if `fail-deploy` was asked for the subcloud. */
export function applyHollowStrategy(subcloud: HollowSubcloud, now: number, deployMs: number): SwDeployStrategy {
  const s = subcloud.strategy;
  if (s === null) throw notFound('no sw-deploy strategy exists', { strategy: 'sw-upgrade' });
  const state = hollowStrategyAt(s, now).state;
  if (state !== 'ready-to-apply') throw conflict(`the strategy is ${state}; only a strategy ready-to-apply can be applied`, { rule: 'strategy_state' });
  s.appliedAt = now;
  s.deployMs = deployMs;
  s.fails = subcloud.failNextDeploy;
  subcloud.failNextDeploy = false;
  setReleaseState(subcloud, s.built.options.release, 'deploying');
  return hollowStrategyAt(s, now);
}

/** `abort`: only an applying strategy; it ends `aborted` once the step under way has ended. */
export function abortHollowStrategy(subcloud: HollowSubcloud, now: number): SwDeployStrategy {
  const s = subcloud.strategy;
  if (s === null) throw notFound('no sw-deploy strategy exists', { strategy: 'sw-upgrade' });
  const state = hollowStrategyAt(s, now).state;
  if (state !== 'applying') throw conflict(`the strategy is ${state}; only an applying strategy can be aborted`, { rule: 'strategy_state' });
  s.abortedAt = now;
  return hollowStrategyAt(s, now);
}

/** `DELETE`: not while it applies or aborts unless forced; a forced one leaves its release as it was before. */
export function deleteHollowStrategy(subcloud: HollowSubcloud, now: number, force: boolean): void {
  const s = subcloud.strategy;
  if (s === null) throw notFound('no sw-deploy strategy exists', { strategy: 'sw-upgrade' });
  const state = hollowStrategyAt(s, now).state;
  if (state === 'applying' || state === 'aborting') {
    if (!force) throw conflict(`the strategy is ${state}; abort it first`, { rule: 'strategy_busy' });
    setReleaseState(subcloud, s.built.options.release, 'available');
  }
  subcloud.strategy = null;
}
