/**
 * The window of a strategy across subclouds: which subclouds start next. Subclouds go in the
 * strategy's order, at most `maxParallel` at once; one whose turn comes while it is offline is
 * put back (retried later, after `retryAfterMs`, up to `maxDeferrals` times) instead of failing
 * the strategy; once more subclouds failed than the failure budget allows (or any, with
 * stop-on-failure), nothing more starts and the strategy ends when the running ones have.
 */

export type FleetStepPhase = 'waiting' | 'running' | 'deferred' | 'complete' | 'failed' | 'aborted';

export interface FleetStepView {
  readonly subcloud: string;
  readonly phase: FleetStepPhase;
  /** Times its turn came while it was offline. */
  readonly deferrals: number;
  /** A deferred step is not retried before this time (epoch ms). */
  readonly notBefore: number | null;
}

export interface FleetWindowInput {
  /** Every step, in the strategy's order. */
  readonly steps: readonly FleetStepView[];
  readonly maxParallel: number;
  /** Failed subclouds the strategy carries on past. */
  readonly failureBudget: number;
  readonly stopOnFailure: boolean;
  readonly now: number;
}

export interface FleetWindowPlan {
  /** The subclouds to start now, in order. */
  readonly start: readonly string[];
  /** True once nothing runs and nothing more will start. */
  readonly finished: boolean;
  /** Why nothing more starts although some are left: the failure budget is spent. */
  readonly halted: boolean;
  /** The earliest time a deferred step may be retried, when only deferred steps are left to start. */
  readonly nextRetryAt: number | null;
}

export function planFleetWindow(input: FleetWindowInput): FleetWindowPlan {
  let running = 0;
  let failed = 0;
  // Planned many times over a long list: only the first max-parallel of each kind are kept (no more can start).
  const waiting: string[] = [];
  const due: string[] = [];
  let waitingCount = 0;
  let dueCount = 0;
  let nextRetryAt: number | null = null;
  for (const step of input.steps) {
    if (step.phase === 'running') running += 1;
    else if (step.phase === 'failed') failed += 1;
    else if (step.phase === 'waiting') {
      if (waitingCount++ < input.maxParallel) waiting.push(step.subcloud);
    } else if (step.phase === 'deferred') {
      if (step.notBefore === null || step.notBefore <= input.now) {
        if (dueCount++ < input.maxParallel) due.push(step.subcloud);
      } else nextRetryAt = Math.min(nextRetryAt ?? step.notBefore, step.notBefore);
    }
  }
  const halted = input.stopOnFailure ? failed > 0 : failed > input.failureBudget;
  const left = waitingCount + dueCount + (nextRetryAt === null ? 0 : 1);
  if (halted) return { start: [], finished: running === 0, halted: left > 0, nextRetryAt: null };
  const room = Math.max(0, input.maxParallel - running);
  const start = waiting.length >= room ? waiting.slice(0, room) : [...waiting, ...due.slice(0, room - waiting.length)];
  return {
    start,
    finished: running === 0 && left === 0,
    halted: false,
    nextRetryAt: waitingCount + dueCount === 0 ? nextRetryAt : null,
  };
}

/** What becomes of a step whose turn came while its subcloud is offline. */
export function deferOffline(
  step: FleetStepView,
  policy: { readonly now: number; readonly retryAfterMs: number; readonly maxDeferrals: number },
): FleetStepView {
  if (step.deferrals >= policy.maxDeferrals) return { ...step, phase: 'failed' };
  return { ...step, phase: 'deferred', deferrals: step.deferrals + 1, notBefore: policy.now + policy.retryAfterMs };
}
