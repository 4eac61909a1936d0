import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import { emptyPhase, type RolloutOptions, type StrategyRecord } from '@murmuration/core/orchestration';
import type { Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { periodicLoop } from '../runtime/periodic-loop.js';
import type { BackgroundLoop } from '../runtime/background-loop.js';
import type { AuditService } from '../services/audit/index.js';
import type { FaultService } from '../services/fault/index.js';
import { runnerLease } from './runner-lease.js';
import { advanceStrategy } from './strategy-advance.js';
import { strategyAlarmChanges } from './strategy-alarm-changes.js';
import type { StrategyKind } from './strategy-kind.js';
import { isActive, isDone, withStage } from './strategy-phase.js';
import { strategySaver } from './strategy-saver.js';

export type StrategyAction = 'apply-all' | 'apply-stage' | 'abort' | 'abort-stage';

/** One kind's strategy: create, apply, abort, delete; it advances on its own and resumes after a restart. */
export interface StrategyRunner<O extends RolloutOptions> {
  get(): Promise<StrategyRecord<O> | null>;
  create(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<StrategyRecord<O>>;
  act(ctx: RequestContext, action: StrategyAction, stageId: number | null): Promise<StrategyRecord<O>>;
  remove(ctx: RequestContext, force: boolean): Promise<void>;
  /**
   * Resumes at its start a strategy that was applying or aborting, and watches for one the runner dropped. Of the
   * replicas over one database only the holder of the kind's lease drives it; the others take the lease when it is
   * free (its holder died) and resume from the persisted rows. An apply or abort made on any replica reaches it.
   */
  readonly loop: BackgroundLoop;
  /** Resolves when the runner has nothing left to do (tests). */
  idle(): Promise<void>;
}

export interface StrategyRunnerDeps {
  readonly store: Store;
  readonly audit: AuditService;
  readonly fault: FaultService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often a waiting step looks again. */
  readonly pollMs: number;
  /** How often an applying strategy that nothing runs is picked up again, and a free lease taken (default 5 s). */
  readonly watchdogMs?: number;
}

const WATCHDOG_MS = 5000;
/** The notices' topic on which an apply or an abort tells the replica that drives a kind (key: the kind's name). */
const RUNNER_TOPIC = 'strategy-runners';

/** The runner of one strategy kind: it knows the kind only through its definition. */
export function createStrategyRunner<O extends RolloutOptions>(
  kind: StrategyKind<O>,
  deps: StrategyRunnerDeps,
): StrategyRunner<O> {
  const { store, audit, fault, clock, logger } = deps;
  const saver = strategySaver<O>({ name: kind.name, store, fault, clock });
  const alarms = strategyAlarmChanges(kind);
  const target = `strategy:${kind.name}`;
  const missing = () => notFound(`no ${kind.label} strategy exists`, { strategy: kind.name });
  let running: Promise<void> | null = null;
  let stopping = false;
  let unfollow: (() => void) | null = null;
  const lease = runnerLease(store, kind.name, () =>
    logger.warn(`the lease on the ${kind.label} strategy runner was lost; another replica may take it over`),
  );

  /** Drives the strategy here, if this replica holds the lease; the step under way gives up once it is lost. */
  function kick(): void {
    if (!lease.held()) return;
    const ending = () => stopping || !lease.held();
    running ??= advanceStrategy({ kind, saver, clock, logger, pollMs: deps.pollMs, stopping: ending })
      .catch((error: unknown) => {
        loop.health.failed(error);
        logger.error({ err: error }, 'strategy runner failed');
      })
      .finally(() => {
        running = null;
      });
  }

  /** Takes the lease when it is free and drives an active strategy that nothing drives here. */
  async function pickUp(): Promise<void> {
    if (running || stopping) return;
    const had = lease.held();
    if (!(await lease.take())) return;
    const current = await saver.find();
    if (!current || !isActive(current) || running || stopping) return;
    if (!had) logger.info({ state: current.state }, `resuming the ${kind.label} strategy`);
    kick();
  }
  const pickUpNow = () => void pickUp().catch((error: unknown) => logger.warn({ err: error }, 'could not pick the strategy up'));

  // A runner that stopped on an error (the database away for a moment) is started again.
  const loop = periodicLoop({
    name: `strategy-runner:${kind.name}`,
    everyMs: deps.watchdogMs ?? WATCHDOG_MS,
    async onStart(signal) {
      stopping = false;
      signal.addEventListener('abort', () => (stopping = true), { once: true });
      unfollow = store.notices.follow(RUNNER_TOPIC, {
        notice: (name) => (name === kind.name ? pickUpNow() : undefined),
        missed: pickUpNow,
      });
      await pickUp();
    },
    run: pickUp,
    onError: (error) => logger.warn({ err: error }, 'could not read the strategy'),
    async onStop() {
      stopping = true;
      unfollow?.();
      await running;
      await lease.release();
    },
  });

  return {
    get: () => saver.find(),

    async create(ctx, body) {
      const built = await kind.build(body);
      const now = clock.now();
      const strategy: StrategyRecord<O> = {
        uuid: randomUUID(),
        name: kind.name,
        options: built.options,
        state: 'ready-to-apply',
        build: { ...emptyPhase('build'), result: 'success', startedAt: now, endedAt: now },
        apply: { ...emptyPhase('apply'), stages: built.stages, timeoutSeconds: built.stages.reduce((t, s) => t + s.timeoutSeconds, 0) },
        abort: emptyPhase('abort'),
        failedHosts: [],
        createdAt: now,
      };
      return audit.change(ctx, { target, detail: `created ${built.about}: ${built.stages.length} stages` }, async (repos) => {
        if (!(await repos.strategies.insert(strategy, now))) throw conflict(`a ${kind.label} strategy already exists; delete it first`, { rule: 'strategy_exists' });
        await built.persist?.(repos, strategy);
        return strategy;
      });
    },

    async act(ctx, action, stageId) {
      const updated = await audit.change(ctx, { target, detail: `${action}${stageId === null ? '' : ` ${stageId}`}` }, async (repos) => {
        const strategy = (await repos.strategies.find(kind.name)) as StrategyRecord<O> | null;
        if (!strategy) throw missing();
        const now = clock.now();
        if (action === 'apply-all' || action === 'apply-stage') {
          if (strategy.state !== 'ready-to-apply') throw conflict(`the strategy is ${strategy.state}; only a strategy ready-to-apply can be applied`, { rule: 'strategy_state' });
          if (action === 'apply-stage' && (stageId === null || !strategy.apply.stages.some((s) => s.stageId === stageId))) {
            throw invalid(`stage-id must name a stage of the strategy (0 to ${strategy.apply.stages.length - 1})`, { field: 'stage-id' });
          }
          const stopAtStage = action === 'apply-stage' ? stageId : null;
          // The stage to run next is under way from now on, as the VIM's apply answer shows it.
          const first = strategy.apply.stages.find((s) => !isDone(s));
          const apply = first && (stopAtStage === null || first.stageId <= stopAtStage) ? withStage(strategy.apply, first.stageId, { result: 'inprogress', startedAt: first.startedAt ?? now }) : strategy.apply;
          const next: StrategyRecord<O> = { ...strategy, state: 'applying', apply: { ...apply, result: 'inprogress', startedAt: strategy.apply.startedAt ?? now, stopAtStage } };
          await repos.strategies.save(next, now);
          await fault.applyIn(repos, [alarms.clearFailed(), alarms.inProgress(strategy.options)]);
          await repos.notices.publish({ topic: RUNNER_TOPIC, key: kind.name });
          return next;
        }
        if (strategy.state !== 'applying') throw conflict(`the strategy is ${strategy.state}; only an applying strategy can be aborted`, { rule: 'strategy_state' });
        const next: StrategyRecord<O> = { ...strategy, state: 'aborting', abort: { ...strategy.abort, result: 'inprogress', startedAt: now } };
        await repos.strategies.save(next, now);
        await fault.applyIn(repos, [alarms.aborting()]);
        await repos.notices.publish({ topic: RUNNER_TOPIC, key: kind.name });
        return next;
      });
      fault.feed.poke();
      kick();
      return updated;
    },

    async remove(ctx, force) {
      await audit.change(ctx, { target, detail: 'deleted' }, async (repos) => {
        const strategy = await repos.strategies.find(kind.name);
        if (!strategy) throw missing();
        if (!force && isActive(strategy)) throw conflict(`the strategy is ${strategy.state}; abort it first`, { rule: 'strategy_busy' });
        await repos.strategies.remove(kind.name);
        await kind.forget?.(repos, strategy as StrategyRecord<O>);
        await fault.applyIn(repos, [alarms.clearInProgress(), alarms.clearAborting(), alarms.clearFailed()]);
      });
      fault.feed.poke();
    },

    loop,

    async idle() {
      while (running) await running;
    },
  };
}
