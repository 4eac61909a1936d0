import {
  conflict,
  emptyPhase,
  failureBudget,
  internalContext,
  invalid,
  notFound,
  planSwDeploy,
  readSwDeployOptions,
  type AlarmChange,
  type Clock,
  type PhaseRecord,
  type RequestContext,
  type StageRecord,
  type StepRecord,
  type StrategyRecord,
  type StrategyResult,
  buildAlarmSet,
} from '@murmuration/core';
import type { Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { HostService } from '../inventory/index.js';
import type { DeployService } from '../software/index.js';
import { STEP_RUNS, type StepContext } from './strategy-steps.js';

export type StrategyAction = 'apply-all' | 'apply-stage' | 'abort' | 'abort-stage';

/** The sw-deploy strategy (`sw-manager sw-deploy-strategy`): create, apply, abort, delete; it advances on its own and resumes after a restart. */
export interface StrategyService {
  get(): Promise<StrategyRecord | null>;
  create(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<StrategyRecord>;
  act(ctx: RequestContext, action: StrategyAction, stageId: number | null): Promise<StrategyRecord>;
  remove(ctx: RequestContext, force: boolean): Promise<void>;
  /** Picks up a strategy that was applying or aborting when the controller stopped. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the runner has nothing left to do (tests). */
  idle(): Promise<void>;
}

export interface OrchestrationSettings {
  readonly pollMs: number;
  readonly stabilizeMs: number;
}

const NAME = 'sw-upgrade';
const WATCHDOG_MS = 5000;
const ENTITY = 'orchestration=sw-deploy';
const ALARM = { inProgress: '900.201', aborting: '900.202', failed: '900.203' } as const;

function alarm(id: string, severity: 'major' | 'critical', reasonText: string): AlarmChange {
  return { kind: 'set', alarm: buildAlarmSet({ alarmId: id, entityInstanceId: ENTITY, severity, reasonText }) };
}
const clear = (id: string): AlarmChange => ({ kind: 'clear', alarmId: id, entityInstanceId: ENTITY });

/** The hosts a strategy deploys on. */
const plannedHosts = (strategy: StrategyRecord): number =>
  new Set(strategy.apply.stages.flatMap((s) => s.steps.filter((st) => st.name === 'sw-deploy-hosts').flatMap((st) => st.entityUuids))).size;

const withStep = (phase: PhaseRecord, stageId: number, stepId: number, change: Partial<StepRecord>): PhaseRecord => ({
  ...phase,
  stages: phase.stages.map((s) => (s.stageId !== stageId ? s : { ...s, steps: s.steps.map((st) => (st.stepId !== stepId ? st : { ...st, ...change })) })),
});
const withStage = (phase: PhaseRecord, stageId: number, change: Partial<StageRecord>): PhaseRecord => ({
  ...phase,
  stages: phase.stages.map((s) => (s.stageId !== stageId ? s : { ...s, ...change })),
});

export function createStrategyService(deps: {
  store: Store;
  audit: AuditService;
  fault: FaultService;
  hosts: HostService;
  deploy: DeployService;
  clock: Clock;
  logger: Logger;
  settings: OrchestrationSettings;
}): StrategyService {
  const { store, audit, fault, hosts, deploy, clock, logger, settings } = deps;
  let running: Promise<void> | null = null;
  let stopping = false;
  let watchdog: NodeJS.Timeout | null = null;

  /** Persists the strategy and its alarms in one transaction. */
  async function save(strategy: StrategyRecord, events: AlarmChange[] = []): Promise<StrategyRecord> {
    await store.transaction(async (repos) => {
      await repos.strategies.save(strategy, clock.now());
      if (events.length > 0) await fault.applyIn(repos, events);
    });
    if (events.length > 0) fault.feed.poke();
    return strategy;
  }

  /** Ends the apply phase: every stage not run is marked with `result`. */
  function finish(strategy: StrategyRecord, state: StrategyRecord['state'], result: StrategyResult, reason: string): StrategyRecord {
    const now = clock.now();
    const stages = strategy.apply.stages.map(
      (s): StageRecord => (s.result === 'initial' || s.result === 'inprogress' ? { ...s, result: result === 'success' ? s.result : 'aborted', endedAt: s.startedAt ? now : null } : s),
    );
    return { ...strategy, state, apply: { ...strategy.apply, stages, result, reason, endedAt: now } };
  }

  /** Runs the strategy's steps one after another until it ends, stops at its stage, or is aborted. */
  async function advance(): Promise<void> {
    for (;;) {
      if (stopping) return;
      let strategy = await store.repos.strategies.find(NAME);
      if (!strategy || (strategy.state !== 'applying' && strategy.state !== 'aborting')) return;
      const stage = strategy.apply.stages.find((s) => s.result !== 'success' && s.result !== 'degraded');
      if (strategy.state === 'aborting') {
        const now = clock.now();
        strategy = finish(strategy, 'aborted', 'aborted', 'aborted by the operator');
        await save({ ...strategy, abort: { ...strategy.abort, result: 'success', endedAt: now } }, [clear(ALARM.inProgress), clear(ALARM.aborting)]);
        logger.info('sw-deploy strategy aborted');
        return;
      }
      if (!stage) {
        const degraded = strategy.failedHosts.length > 0;
        await save(finish(strategy, 'applied', degraded ? 'degraded' : 'success', degraded ? `left on their previous release: ${strategy.failedHosts.join(', ')}` : ''), [clear(ALARM.inProgress)]);
        logger.info('sw-deploy strategy applied');
        return;
      }
      if (strategy.apply.stopAtStage !== null && stage.stageId > strategy.apply.stopAtStage) {
        await save({ ...strategy, state: 'ready-to-apply', apply: { ...strategy.apply, stopAtStage: null } }, [clear(ALARM.inProgress)]);
        return;
      }
      const step = stage.steps.find((s) => s.result !== 'success' && s.result !== 'degraded')!;
      const startedAt = step.startedAt ?? clock.now();
      let apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: 'inprogress', startedAt });
      apply = withStage(apply, stage.stageId, { result: 'inprogress', startedAt: stage.startedAt ?? startedAt });
      strategy = await save({ ...strategy, apply });

      const context: StepContext = {
        hosts,
        deploy,
        fault,
        clock,
        ctx: internalContext(`req-strategy-${strategy.uuid}`, '/orchestration/sw-upgrade'),
        release: strategy.options.release,
        alarmRestrictions: strategy.options.alarmRestrictions,
        failedHosts: strategy.failedHosts,
        pollMs: settings.pollMs,
        stabilizeMs: settings.stabilizeMs,
        soakMs: strategy.options.soakSeconds * 1000,
        expired: () => stopping || clock.now() - startedAt > step.timeoutSeconds * 1000,
      };
      let outcome;
      try {
        outcome = await STEP_RUNS[step.name](context, step);
      } catch (error) {
        outcome = { result: 'failed' as const, reason: error instanceof Error ? error.message : String(error) };
      }
      if (stopping && outcome.result !== 'success') return; // Picked up again at the next start.
      const now = clock.now();
      // An abort asked for meanwhile is honoured once this step has finished.
      strategy = (await store.repos.strategies.find(NAME))!;
      apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: outcome.result, reason: outcome.result === 'success' ? '' : outcome.reason, endedAt: now });
      // Host failures within the budget: the hosts stay on their previous release and the strategy goes on.
      const failedHosts = outcome.result === 'success' ? [] : (outcome.failedHosts ?? []);
      const tolerated = failedHosts.length > 0 && strategy.failedHosts.length + failedHosts.length <= failureBudget(strategy.options, plannedHosts(strategy));
      if (outcome.result === 'success' || tolerated) {
        if (tolerated) {
          apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: 'degraded', reason: (outcome as { reason: string }).reason, endedAt: now });
          strategy = { ...strategy, failedHosts: [...strategy.failedHosts, ...failedHosts] };
          logger.warn({ hosts: failedHosts }, 'hosts failed within the failure budget; the strategy goes on');
        }
        const steps = apply.stages.find((s) => s.stageId === stage.stageId)!.steps;
        if (steps.every((s) => s.result === 'success' || s.result === 'degraded')) {
          apply = withStage(apply, stage.stageId, { result: steps.some((s) => s.result === 'degraded') ? 'degraded' : 'success', endedAt: now });
        }
        await save({ ...strategy, apply });
        continue;
      }
      const reason = `${step.name} failed: ${outcome.reason}`;
      apply = withStage(apply, stage.stageId, { result: outcome.result, reason, endedAt: now });
      const failed = finish({ ...strategy, apply }, outcome.result === 'timed-out' ? 'apply-timeout' : 'apply-failed', outcome.result, reason);
      await save(failed, [clear(ALARM.inProgress), clear(ALARM.aborting), alarm(ALARM.failed, 'critical', `Software deploy orchestration failed: ${reason}`.slice(0, 255))]);
      logger.warn({ reason }, 'sw-deploy strategy failed');
      return;
    }
  }

  function kick(): void {
    running ??= advance()
      .catch((error: unknown) => logger.error({ err: error }, 'strategy runner failed'))
      .finally(() => {
        running = null;
      });
  }

  return {
    async get() {
      return store.repos.strategies.find(NAME);
    },

    async create(ctx, body) {
      const options = readSwDeployOptions(body);
      const release = await store.repos.releases.find(options.release);
      if (!release) throw invalid(`release ${options.release} has not been uploaded`, { field: 'release' });
      const now = clock.now();
      const all = (await hosts.list()).map((h) => h.host);
      const software = await deploy.list();
      const stages = planSwDeploy(options, all, new Map(software.map((e) => [e.host.uuid, e.software.running])), release.metadata.rebootRequired);
      const strategy: StrategyRecord = {
        uuid: randomUUID(),
        name: NAME,
        options,
        state: 'ready-to-apply',
        build: { ...emptyPhase('build'), result: 'success', startedAt: now, endedAt: now },
        apply: { ...emptyPhase('apply'), stages, timeoutSeconds: stages.reduce((t, s) => t + s.timeoutSeconds, 0) },
        abort: emptyPhase('abort'),
        failedHosts: [],
        createdAt: now,
      };
      return audit.change(ctx, { target: `strategy:${NAME}`, detail: `created for ${options.release}: ${stages.length} stages` }, async (repos) => {
        if (!(await repos.strategies.insert(strategy, now))) throw conflict('a sw-deploy strategy already exists; delete it first', { rule: 'strategy-exists' });
        return strategy;
      });
    },

    async act(ctx, action, stageId) {
      const updated = await audit.change(ctx, { target: `strategy:${NAME}`, detail: `${action}${stageId === null ? '' : ` ${stageId}`}` }, async (repos) => {
        const strategy = await repos.strategies.find(NAME);
        if (!strategy) throw notFound('no sw-deploy strategy exists', { strategy: NAME });
        const now = clock.now();
        if (action === 'apply-all' || action === 'apply-stage') {
          if (strategy.state !== 'ready-to-apply') throw conflict(`the strategy is ${strategy.state}; only a strategy ready-to-apply can be applied`, { rule: 'strategy-state' });
          if (action === 'apply-stage' && (stageId === null || !strategy.apply.stages.some((s) => s.stageId === stageId))) {
            throw invalid(`stage-id must name a stage of the strategy (0 to ${strategy.apply.stages.length - 1})`, { field: 'stage-id' });
          }
          const stopAtStage = action === 'apply-stage' ? stageId : null;
          // The stage to run next is under way from now on, as the VIM's apply answer shows it.
          const first = strategy.apply.stages.find((s) => s.result !== 'success' && s.result !== 'degraded');
          const apply = first && (stopAtStage === null || first.stageId <= stopAtStage) ? withStage(strategy.apply, first.stageId, { result: 'inprogress', startedAt: first.startedAt ?? now }) : strategy.apply;
          const next: StrategyRecord = { ...strategy, state: 'applying', apply: { ...apply, result: 'inprogress', startedAt: strategy.apply.startedAt ?? now, stopAtStage } };
          await repos.strategies.save(next, now);
          await fault.applyIn(repos, [clear(ALARM.failed), alarm(ALARM.inProgress, 'major', `Software deploy orchestration of ${strategy.options.release} in progress`)]);
          return next;
        }
        if (strategy.state !== 'applying') throw conflict(`the strategy is ${strategy.state}; only an applying strategy can be aborted`, { rule: 'strategy-state' });
        const next: StrategyRecord = { ...strategy, state: 'aborting', abort: { ...strategy.abort, result: 'inprogress', startedAt: now } };
        await repos.strategies.save(next, now);
        await fault.applyIn(repos, [alarm(ALARM.aborting, 'major', 'Software deploy orchestration aborting')]);
        return next;
      });
      fault.feed.poke();
      kick();
      return updated;
    },

    async remove(ctx, force) {
      await audit.change(ctx, { target: `strategy:${NAME}`, detail: 'deleted' }, async (repos) => {
        const strategy = await repos.strategies.find(NAME);
        if (!strategy) throw notFound('no sw-deploy strategy exists', { strategy: NAME });
        if (!force && (strategy.state === 'applying' || strategy.state === 'aborting')) throw conflict(`the strategy is ${strategy.state}; abort it first`, { rule: 'strategy-busy' });
        await repos.strategies.remove(NAME);
        await fault.applyIn(repos, [clear(ALARM.inProgress), clear(ALARM.aborting), clear(ALARM.failed)]);
      });
      fault.feed.poke();
    },

    async start() {
      stopping = false;
      const strategy = await store.repos.strategies.find(NAME);
      if (strategy && (strategy.state === 'applying' || strategy.state === 'aborting')) {
        logger.info({ state: strategy.state }, 'resuming the sw-deploy strategy');
        kick();
      }
      // A runner that stopped on an error (the database away for a moment) is started again.
      watchdog = setInterval(() => {
        if (running || stopping) return;
        store.repos.strategies.find(NAME).then(
          (current) => {
            if (current && (current.state === 'applying' || current.state === 'aborting')) kick();
          },
          (error: unknown) => logger.warn({ err: error }, 'could not read the strategy'),
        );
      }, WATCHDOG_MS);
      watchdog.unref();
    },

    async stop() {
      stopping = true;
      if (watchdog) clearInterval(watchdog);
      watchdog = null;
      await running;
    },

    async idle() {
      while (running) await running;
    },
  };
}

