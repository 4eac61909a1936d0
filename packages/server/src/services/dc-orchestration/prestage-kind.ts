import type { FleetStrategyOptions } from '@murmuration/core/dc';
import { plannedStage, type StageRecord } from '@murmuration/core/orchestration';

/** What the prestage strategy's stage is planned from: how long one subcloud may take, and the deferrals' time. */
export interface PrestageStageDeps {
  readonly subcloudTimeoutSeconds: number;
  readonly maxDeferrals: number;
  readonly retryDelaySeconds: number;
}

/**
 * The prestage strategy's one stage: the window over every subcloud (`prestage-subclouds`, driven by
 * `prestageDriver`), at most `max-parallel-subclouds` under way; the transfers themselves are also held to the
 * fleet-wide prestage concurrency.
 */
export function prestageStages(deps: PrestageStageDeps, options: FleetStrategyOptions): StageRecord[] {
  const waves = Math.ceil(options.subclouds / options.maxParallelSubclouds);
  return [plannedStage(0, 'prestage-subclouds', [{
    name: 'prestage-subclouds',
    timeoutSeconds: waves * deps.subcloudTimeoutSeconds + deps.maxDeferrals * deps.retryDelaySeconds + 3600,
    entityType: 'subclouds',
    entities: [],
  }])];
}
