import type { FleetStrategyOptions } from '@murmuration/core/dc';
import type { StepRun } from '../../engine/index.js';
import type { Store } from '@murmuration/store';

/**
 * What holds the canaries' health back while they soak: a canary that was deployed (not one that failed within
 * the budget) and is now offline, or reports critical alarms.
 */
export async function canaryHealth(
  store: Store,
  kindName: string,
  run: StepRun<FleetStrategyOptions>,
): Promise<string[]> {
  const strategy = await store.repos.strategies.find(kindName);
  if (!strategy) return [];
  const canaries = await store.repos.fleetSteps.list(strategy.uuid, { toPosition: run.options.canary });
  const deployed = canaries.filter((r) => r.phase === 'complete' && !run.failedHosts.includes(r.subcloudName));
  const subclouds = await store.repos.subclouds.findByIds(deployed.map((r) => r.subcloudId));
  return subclouds.flatMap((s) => {
    if (s.availabilityStatus !== 'online') return [`${s.name} is offline`];
    if (s.alarms.critical > 0) return [`${s.name} has ${s.alarms.critical} critical alarm${s.alarms.critical === 1 ? '' : 's'}`];
    return [];
  });
}
