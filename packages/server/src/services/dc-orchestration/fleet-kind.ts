import { AppError } from '@murmuration/core/common';
import {
  readFleetStrategyRequest, type FleetStrategyOptions, type FleetStrategyRequest, type SubcloudGroupRecord,
} from '@murmuration/core/dc';
import { ALARM_IDS } from '@murmuration/core/fault';
import { failureBudget, plannedStage, type PlannedStep, type StageRecord } from '@murmuration/core/orchestration';
import type { Store } from '@murmuration/store';
import { soakStep, type StrategyKind } from '../../engine/index.js';
import { canaryHealth } from './canary-health.js';
import { deploySubcloudsStep, type FleetWindowDeps } from './fleet-window-step.js';
import type { SubcloudPrestages } from './prestage-jobs.js';
import { prestageStages } from './prestage-kind.js';
import { prestageDriver } from './subcloud-prestage.js';

/** The name the fleet sw-deploy strategy is kept under (the subclouds' own strategies are `sw-upgrade`). */
export const FLEET_KIND_NAME = 'dc-sw-deploy';

/** A refusal of a create, as dcmanager words it (422). */
export const createRefused = (type: string, message: string, rule: 'strategy_exists' | 'strategy_empty' | 'strategy_subcloud') =>
  new AppError('UNPROCESSABLE', `Unable to create strategy of type '${type}': Bad strategy request: ${message}`, { rule });

export interface FleetKindDeps extends FleetWindowDeps {
  /** A group by dcmanager's reference rule (id or name), or null. */
  readonly groupByRef: (ref: string) => Promise<SubcloudGroupRecord | null>;
  readonly subcloudTimeoutSeconds: number;
  readonly retryDelaySeconds: number;
  readonly prestages: SubcloudPrestages;
}

const given = (v: unknown): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number';

/** The managed subclouds a request names, in id order: one by name, a group's, or the whole fleet's. */
async function chosenSubclouds(store: Store, request: FleetStrategyRequest) {
  if (request.cloudName !== null) {
    const subcloud = await store.repos.subclouds.findByName(request.cloudName);
    if (!subcloud) throw createRefused(request.type, `Subcloud ${request.cloudName} does not exist`, 'strategy_subcloud');
    return subcloud.managementState === 'managed' ? [{ id: subcloud.id, name: subcloud.name }] : [];
  }
  return store.repos.fleetSteps.managedSubclouds(request.groupId);
}

/**
 * The stages: with canaries, the first stage deploys them alone and soaks them, the second the rest; without, one
 * stage deploys all. Each `deploy-subclouds` step reads its subclouds from the steps' rows, by position.
 */
function stagesOf(deps: FleetKindDeps, options: FleetStrategyOptions): StageRecord[] {
  if (options.type === 'prestage') return prestageStages(deps, options);
  const waves = (n: number) => Math.ceil(n / options.maxParallelSubclouds);
  const deploy = (n: number): PlannedStep => ({
    name: 'deploy-subclouds',
    timeoutSeconds: waves(n) * deps.subcloudTimeoutSeconds + deps.maxDeferrals * deps.retryDelaySeconds + 3600,
    entityType: 'subclouds',
    entities: [],
  });
  const rest = options.subclouds - options.canary;
  if (options.canary === 0) return [plannedStage(0, 'sw-deploy-subclouds', [deploy(options.subclouds)])];
  const soak: PlannedStep[] = options.soakSeconds > 0 && rest > 0
    ? [{ name: 'soak', timeoutSeconds: options.soakSeconds + 3600, entityType: '', entities: [] }]
    : [];
  const canaries = plannedStage(0, 'sw-deploy-canaries', [deploy(options.canary), ...soak]);
  return rest > 0 ? [canaries, plannedStage(1, 'sw-deploy-subclouds', [deploy(rest)])] : [canaries];
}

/**
 * dcmanager's strategies across subclouds as one strategy kind of the engine (so that one strategy at a time exists,
 * whatever its type): `sw-deploy` and `prestage`, built from `POST /sw-update-strategy/`, one row per subcloud
 * written with it, its steps the window over the subclouds (each type's driver) and the canaries' soak.
 */
export function createFleetKind(deps: FleetKindDeps): StrategyKind<FleetStrategyOptions> {
  const { store } = deps;
  return {
    name: FLEET_KIND_NAME,
    label: 'sw-deploy',
    entity: 'orchestration=dc-sw-deploy',
    alarms: {
      inProgress: {
        id: ALARM_IDS.FLEET_STRATEGY_IN_PROGRESS,
        reason: (o) => `${o.type === 'prestage' ? 'Prestage' : 'Software deploy'} of ${o.releaseId} across ${o.subclouds} subclouds in progress`,
      },
      aborting: { id: ALARM_IDS.FLEET_STRATEGY_ABORTING, reason: 'Strategy across the subclouds aborting' },
      failed: { id: ALARM_IDS.FLEET_STRATEGY_FAILED, reason: (why) => `Strategy across the subclouds failed: ${why}` },
    },
    async build(body) {
      const group = given(body['subcloud_group']) ? await deps.groupByRef(String(body['subcloud_group'])) : null;
      const release = body['type'] === 'prestage' ? body['release'] : body['release_id'];
      const releaseExists = typeof release === 'string' && release !== '' && (await store.repos.releases.find(release)) !== null;
      const request = readFleetStrategyRequest(body, { group, releaseExists });
      const subclouds = await chosenSubclouds(store, request);
      if (subclouds.length === 0) throw createRefused(request.type, 'Strategy has no steps to apply', 'strategy_empty');
      const options: FleetStrategyOptions = {
        type: request.type,
        releaseId: request.releaseId,
        subcloudApplyType: request.subcloudApplyType,
        maxParallelSubclouds: request.maxParallelSubclouds,
        stopOnFailure: request.stopOnFailure,
        snapshot: request.snapshot,
        delete: request.delete,
        withPrestage: request.withPrestage,
        forSwDeploy: request.forSwDeploy,
        force: request.force,
        canary: Math.min(request.canary, subclouds.length),
        soakSeconds: request.soakSeconds,
        maxFailures: { count: request.stopOnFailure ? 0 : failureBudget(request.maxFailures, subclouds.length) },
        maxFailuresGiven: request.maxFailuresGiven,
        subclouds: subclouds.length,
      };
      return {
        options,
        stages: stagesOf(deps, options),
        about: `for ${options.releaseId} over ${subclouds.length} subclouds`,
        persist: (repos, strategy) =>
          repos.fleetSteps.insertMany(
            subclouds.map((s, position) => ({
              strategyUuid: strategy.uuid, subcloudId: s.id, subcloudName: s.name, position,
            })),
            strategy.createdAt,
          ),
      };
    },
    steps: {
      'deploy-subclouds': deploySubcloudsStep(deps),
      'prestage-subclouds': deploySubcloudsStep(deps, prestageDriver(deps)),
      soak: soakStep(canaryHealth(store, FLEET_KIND_NAME)),
    },
    degraded: (failed) => `${failed.length} subclouds failed within the failure budget: ${failed.slice(0, 10).join(', ')}`,
    forget: (repos, strategy) => repos.fleetSteps.removeAll(strategy.uuid),
  };
}
