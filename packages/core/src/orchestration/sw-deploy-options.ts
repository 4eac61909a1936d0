import { invalid } from '../errors/app-error.js';
import { readRolloutOptions, type RolloutOptions } from './rollout-options.js';
import type { StrategyRecord } from './strategy.js';

export const APPLY_TYPES = ['serial', 'parallel', 'ignore'] as const;
export type ApplyType = (typeof APPLY_TYPES)[number];
export const ALARM_RESTRICTIONS = ['strict', 'relaxed'] as const;
export type AlarmRestriction = (typeof ALARM_RESTRICTIONS)[number];
export const INSTANCE_ACTIONS = ['stop-start', 'migrate'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

/** What `sw-manager sw-deploy-strategy create` sets. */
export interface SwDeployOptions extends RolloutOptions {
  readonly release: string;
  readonly controllerApplyType: 'serial' | 'ignore';
  readonly storageApplyType: ApplyType;
  readonly workerApplyType: ApplyType;
  readonly maxParallelWorkerHosts: number;
  readonly alarmRestrictions: AlarmRestriction;
  readonly defaultInstanceAction: InstanceAction;
}

/** A persisted sw-deploy strategy. */
export type SwDeployStrategy = StrategyRecord<SwDeployOptions>;

/** How far `max-parallel-worker-hosts` goes (StarlingX allows 2..10 for sw-deploy). */
export const MAX_PARALLEL_WORKERS = { min: 2, max: 1000, default: 2 } as const;

function choice<T extends string>(
  raw: Readonly<Record<string, unknown>>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw invalid(`${key} must be one of ${allowed.join(', ')}`, { field: key });
  return value as T;
}

/**
 * What `sw-manager` may ask of a strategy besides a release. `delete` (remove the finished USM
 * deployment) and `snapshot` (keep a quick way back) hold already: a strategy leaves no
 * deployment behind, and every host keeps its previous release in its other slot. The rest are
 * refused with the reason, as the VIM refuses what it cannot build.
 */
function refuseUnsupported(raw: Readonly<Record<string, unknown>>, releases: readonly unknown[]): void {
  const given = (key: string) => raw[key] !== undefined && raw[key] !== null && raw[key] !== false;
  if (given('rollback')) {
    if (releases.length > 0) throw invalid('Cannot set both release and rollback', { field: 'rollback' });
    throw invalid('A rollback strategy is not supported: send each host back with `software deploy host-rollback HOST`', { field: 'rollback' });
  }
  if (given('cleanup')) throw invalid('cleanup is not supported: a strategy leaves no deployment or Kubernetes upgrade to clean up', { field: 'cleanup' });
  if (given('kube-upgrade')) throw invalid('kube-upgrade is not supported: this platform does not upgrade Kubernetes', { field: 'kube-upgrade' });
  if (given('pre-upgrade-deploy')) throw invalid('pre-upgrade-deploy is not supported: a release bundle has no pre-upgrade metapackages', { field: 'pre-upgrade-deploy' });
}

/** Reads `sw-deploy-strategy create` options (hyphenated keys, as the VIM takes them) and says which is wrong. */
export function readSwDeployOptions(raw: Readonly<Record<string, unknown>>): SwDeployOptions {
  const releases: readonly unknown[] = Array.isArray(raw['release']) ? raw['release'] : raw['release'] === undefined || raw['release'] === null ? [] : [raw['release']];
  refuseUnsupported(raw, releases);
  if (releases.length > 1) throw invalid(`A strategy deploys one release; ${releases.length} were given`, { field: 'release' });
  const release = releases[0];
  if (typeof release !== 'string' || release === '') throw invalid('release is required: the release to deploy', { field: 'release' });
  const parallel = raw['max-parallel-worker-hosts'] ?? MAX_PARALLEL_WORKERS.default;
  const count = typeof parallel === 'string' && /^\d+$/.test(parallel) ? Number(parallel) : parallel;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < MAX_PARALLEL_WORKERS.min || count > MAX_PARALLEL_WORKERS.max) {
    throw invalid(`max-parallel-worker-hosts must be from ${MAX_PARALLEL_WORKERS.min} to ${MAX_PARALLEL_WORKERS.max}`, { field: 'max-parallel-worker-hosts' });
  }
  return {
    release,
    ...readRolloutOptions(raw),
    controllerApplyType: choice(raw, 'controller-apply-type', ['serial', 'ignore'], 'serial'),
    storageApplyType: choice<ApplyType>(raw, 'storage-apply-type', APPLY_TYPES, 'serial'),
    workerApplyType: choice<ApplyType>(raw, 'worker-apply-type', APPLY_TYPES, 'serial'),
    maxParallelWorkerHosts: count,
    alarmRestrictions: choice<AlarmRestriction>(raw, 'alarm-restrictions', ALARM_RESTRICTIONS, 'strict'),
    defaultInstanceAction: choice<InstanceAction>(raw, 'default-instance-action', INSTANCE_ACTIONS, 'stop-start'),
  };
}
