import { internalContext, type Clock } from '@murmuration/core/common';
import { failureBudget, plannedEntities, type RolloutOptions } from '@murmuration/core/orchestration';
import type { Logger } from 'pino';
import { strategyAlarmChanges } from './strategy-alarm-changes.js';
import type { StepOutcome, StrategyKind } from './strategy-kind.js';
import { finishApply, isActive, isDone, withStage, withStep } from './strategy-phase.js';
import type { StrategySaver } from './strategy-saver.js';

export interface AdvanceDeps<O extends RolloutOptions> {
  readonly kind: StrategyKind<O>;
  readonly saver: StrategySaver<O>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pollMs: number;
  /** True once the controller is stopping: the step under way gives up and is picked up at the next start. */
  readonly stopping: () => boolean;
}

/**
 * Runs the strategy's steps one after another until it ends, stops at its stage, or is aborted.
 * Every change of a step is saved before the runner goes on, so a restart resumes at the step
 * under way.
 */
export async function advanceStrategy<O extends RolloutOptions>(deps: AdvanceDeps<O>): Promise<void> {
  const { kind, saver, clock, logger, stopping } = deps;
  const alarms = strategyAlarmChanges(kind);
  for (;;) {
    if (stopping()) return;
    let strategy = await saver.find();
    if (!strategy || !isActive(strategy)) return;
    const stage = strategy.apply.stages.find((s) => !isDone(s));
    if (strategy.state === 'aborting') {
      const now = clock.now();
      strategy = finishApply(strategy, 'aborted', 'aborted', 'aborted by the operator', clock.now());
      await saver.save({ ...strategy, abort: { ...strategy.abort, result: 'success', endedAt: now } }, [alarms.clearInProgress(), alarms.clearAborting()]);
      logger.info(`${kind.label} strategy aborted`);
      return;
    }
    if (!stage) {
      const degraded = strategy.failedHosts.length > 0;
      await saver.save(finishApply(strategy, 'applied', degraded ? 'degraded' : 'success', degraded ? kind.degraded(strategy.failedHosts) : '', clock.now()), [alarms.clearInProgress()]);
      logger.info(`${kind.label} strategy applied`);
      return;
    }
    if (strategy.apply.stopAtStage !== null && stage.stageId > strategy.apply.stopAtStage) {
      await saver.save({ ...strategy, state: 'ready-to-apply', apply: { ...strategy.apply, stopAtStage: null } }, [alarms.clearInProgress()]);
      return;
    }
    const step = stage.steps.find((s) => !isDone(s))!;
    const startedAt = step.startedAt ?? clock.now();
    let apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: 'inprogress', startedAt });
    apply = withStage(apply, stage.stageId, { result: 'inprogress', startedAt: stage.startedAt ?? startedAt });
    strategy = await saver.save({ ...strategy, apply });

    let outcome: StepOutcome;
    try {
      const type = kind.steps[step.name];
      if (!type) throw new Error(`a ${kind.label} strategy has no step ${step.name}`);
      outcome = await type.apply(
        {
          ctx: internalContext(`req-strategy-${strategy.uuid}`, `/orchestration/${kind.name}`),
          clock,
          options: strategy.options,
          failedHosts: strategy.failedHosts,
          pollMs: deps.pollMs,
          expired: () => stopping() || clock.now() - startedAt > step.timeoutSeconds * 1000,
          abortRequested: async () => (await saver.find())?.state === 'aborting',
        },
        step,
      );
    } catch (error) {
      outcome = { result: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    if (stopping() && outcome.result !== 'success') return; // Picked up again at the next start.
    const now = clock.now();
    // An abort asked for meanwhile is honoured once this step has finished.
    strategy = (await saver.find())!;
    apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: outcome.result, reason: outcome.result === 'success' ? '' : outcome.reason, endedAt: now });
    // Failures within the budget: the entities stay as they were and the strategy goes on.
    const failed = outcome.result === 'success' ? [] : (outcome.failedHosts ?? []);
    const tolerated =
      failed.length > 0 &&
      strategy.failedHosts.length + failed.length <=
        failureBudget(strategy.options.maxFailures, plannedEntities(strategy.apply.stages));
    if (outcome.result === 'success' || tolerated) {
      if (tolerated) {
        apply = withStep(strategy.apply, stage.stageId, step.stepId, { result: 'degraded', reason: (outcome as { reason: string }).reason, endedAt: now });
        strategy = { ...strategy, failedHosts: [...strategy.failedHosts, ...failed] };
        logger.warn({ [step.entityType || 'entities']: failed }, `${step.entityType || 'entities'} failed within the failure budget; the strategy goes on`);
      }
      const steps = apply.stages.find((s) => s.stageId === stage.stageId)!.steps;
      if (steps.every(isDone)) {
        apply = withStage(apply, stage.stageId, { result: steps.some((s) => s.result === 'degraded') ? 'degraded' : 'success', endedAt: now });
      }
      await saver.save({ ...strategy, apply });
      continue;
    }
    const reason = `${step.name} failed: ${outcome.reason}`;
    apply = withStage(apply, stage.stageId, { result: outcome.result, reason, endedAt: now });
    const ended = finishApply({ ...strategy, apply }, outcome.result === 'timed-out' ? 'apply-timeout' : 'apply-failed', outcome.result, reason, clock.now());
    await saver.save(ended, [alarms.clearInProgress(), alarms.clearAborting(), alarms.failed(reason)]);
    logger.warn({ reason }, `${kind.label} strategy failed`);
    return;
  }
}
