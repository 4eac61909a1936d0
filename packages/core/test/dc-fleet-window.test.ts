import { deferOffline, planFleetWindow, type FleetStepView } from '@murmuration/core/dc';
import { describe, expect, it } from 'vitest';

const step = (subcloud: string, phase: FleetStepView['phase'] = 'waiting', notBefore: number | null = null): FleetStepView =>
  ({ subcloud, phase, deferrals: phase === 'deferred' ? 1 : 0, notBefore });
const base = { maxParallel: 2, failureBudget: 0, stopOnFailure: false, now: 1000 };

describe('fleet window', () => {
  it('starts subclouds in order, never more than max-parallel at once', () => {
    expect(planFleetWindow({ ...base, steps: [step('a'), step('b'), step('c')] }).start).toEqual(['a', 'b']);
    expect(planFleetWindow({ ...base, steps: [step('a', 'running'), step('b'), step('c')] }).start).toEqual(['b']);
    expect(planFleetWindow({ ...base, steps: [step('a', 'complete'), step('b', 'complete'), step('c')] }).start).toEqual(['c']);
  });

  it('retries deferred subclouds after the waiting ones, once their time has come', () => {
    const steps = [step('a', 'deferred', 500), step('b', 'deferred', 5000), step('c')];
    expect(planFleetWindow({ ...base, steps }).start).toEqual(['c', 'a']);
    const onlyLater = planFleetWindow({ ...base, steps: [step('a', 'complete'), step('b', 'deferred', 5000)] });
    expect(onlyLater).toEqual({ start: [], finished: false, halted: false, nextRetryAt: 5000 });
  });

  it('stops starting once the failure budget is spent, and ends when the running ones have', () => {
    const steps = [step('a', 'failed'), step('b', 'failed'), step('c', 'running'), step('d')];
    expect(planFleetWindow({ ...base, failureBudget: 1, steps })).toEqual({
      start: [],
      finished: false,
      halted: true,
      nextRetryAt: null,
    });
    expect(planFleetWindow({ ...base, failureBudget: 2, steps }).start).toEqual(['d']);
    const ended = planFleetWindow({ ...base, failureBudget: 1, steps: [step('a', 'failed'), step('b', 'failed'), step('d')] });
    expect(ended).toMatchObject({ start: [], finished: true, halted: true });
    expect(planFleetWindow({ ...base, failureBudget: 5, stopOnFailure: true, steps: [step('a', 'failed'), step('d')] }).start).toEqual([]);
  });

  it('plans from a list far longer than the window: the first ones in order, the rest still left', () => {
    const steps = [step('r', 'running'), ...Array.from({ length: 50 }, (_, i) => step(`w${i}`)), step('d', 'deferred', 500)];
    expect(planFleetWindow({ ...base, maxParallel: 3, steps })).toEqual({ start: ['w0', 'w1'], finished: false, halted: false, nextRetryAt: null });
    const fewWaiting = [step('w0'), step('d0', 'deferred', 500), step('d1', 'deferred', 600), step('d2', 'deferred', 700)];
    expect(planFleetWindow({ ...base, maxParallel: 3, steps: fewWaiting }).start).toEqual(['w0', 'd0', 'd1']);
  });

  it('is finished when every step has ended', () => {
    expect(planFleetWindow({ ...base, steps: [step('a', 'complete'), step('b', 'failed')], failureBudget: 1 }))
      .toEqual({ start: [], finished: true, halted: false, nextRetryAt: null });
  });

  it('defers an offline subcloud a few times, then fails it', () => {
    const policy = { now: 100, retryAfterMs: 60_000, maxDeferrals: 2 };
    const once = deferOffline(step('a'), policy);
    expect(once).toEqual({ subcloud: 'a', phase: 'deferred', deferrals: 1, notBefore: 60_100 });
    const twice = deferOffline(once, policy);
    expect(twice.deferrals).toBe(2);
    expect(deferOffline(twice, policy).phase).toBe('failed');
  });
});
