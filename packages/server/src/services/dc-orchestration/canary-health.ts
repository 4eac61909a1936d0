import type { FleetStrategyOptions } from '@murmuration/core/dc';
import type { Store } from '@murmuration/store';
import type { StepRun } from '../../engine/index.js';

type Run = StepRun<FleetStrategyOptions>;

/**
 * What holds the canaries' health back while they soak: a canary that was deployed (not one that failed within
 * the budget) and is now offline, or reports more critical alarms than when the soak first looked at it (what
 * a site had before is not the release's doing). The first look is kept in memory: a soak resumed after a
 * restart looks again from there.
 */
export function canaryHealth(store: Store, kindName: string): (run: Run) => Promise<string[]> {
  const baselines = new Map<string, ReadonlyMap<number, number>>();
  return async (run) => {
    const strategy = await store.repos.strategies.find(kindName);
    if (!strategy) return [];
    const canaries = await store.repos.fleetSteps.list(strategy.uuid, { toPosition: run.options.canary });
    const deployed = canaries.filter((r) => r.phase === 'complete' && !run.failedHosts.includes(r.subcloudName));
    const subclouds = await store.repos.subclouds.findByIds(deployed.map((r) => r.subcloudId));
    let baseline = baselines.get(strategy.uuid);
    if (!baseline) {
      baselines.clear();
      baseline = new Map(subclouds.map((s) => [s.id, Math.max(0, s.alarms.critical)]));
      baselines.set(strategy.uuid, baseline);
    }
    return subclouds.flatMap((s) => {
      if (s.availabilityStatus !== 'online') return [`${s.name} is offline`];
      const before = baseline.get(s.id) ?? 0;
      if (s.alarms.critical > before) return [`${s.name} has ${s.alarms.critical} critical alarms (${before} before)`];
      return [];
    });
  };
}
