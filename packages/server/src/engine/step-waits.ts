import type { RolloutOptions } from '@murmuration/core/orchestration';
import type { StepOutcome, StepRun, StepType } from './strategy-kind.js';

export const success: StepOutcome = { result: 'success' };
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Looks again every poll until `done` says something, or the step's time is up. */
export async function waitFor<O extends RolloutOptions>(
  run: StepRun<O>,
  what: string,
  done: () => Promise<StepOutcome | null>,
): Promise<StepOutcome> {
  for (;;) {
    const outcome = await done();
    if (outcome) return outcome;
    if (run.expired()) return { result: 'timed-out', reason: `timed out waiting for ${what}` };
    await sleep(run.pollMs);
  }
}

/**
 * The soak after the canaries: they run for the strategy's `soakSeconds` with clean health, or
 * the strategy stops. `blocking` says what holds health back (empty when clean). An abort asked
 * for meanwhile ends it at once (the strategy then ends aborted).
 */
export function soakStep<O extends RolloutOptions>(
  blocking: (run: StepRun<O>) => Promise<readonly string[]>,
): StepType<O> {
  return {
    async apply(run, step) {
      // Counted from when the step was marked under way (persisted), so a soak resumed after a
      // restart does not start again, and the time does not depend on when this pass began.
      const until = (step.startedAt ?? run.clock.now()) + run.options.soakSeconds * 1000;
      while (run.clock.now() < until) {
        const found = await blocking(run);
        if (found.length > 0) return { result: 'failed', reason: `health not clean while the canaries soaked: ${found.join(', ')}` };
        if (run.expired()) return { result: 'timed-out', reason: 'the controller stopped during the soak' };
        if (await run.abortRequested()) return success;
        await sleep(Math.min(run.pollMs, Math.max(0, until - run.clock.now())));
      }
      return success;
    },
  };
}
