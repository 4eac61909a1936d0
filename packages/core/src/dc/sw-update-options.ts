import { invalid } from '../errors/app-error.js';
import { MAX_PARALLEL_WORKERS } from '../orchestration/sw-deploy-options.js';

/** How a subcloud's own strategy is made (`dcmanager strategy-config`): for one subcloud, or the defaults. */
export interface SwUpdateOptions {
  readonly storageApplyType: 'parallel' | 'serial';
  readonly workerApplyType: 'parallel' | 'serial';
  readonly maxParallelWorkers: number;
  readonly alarmRestrictionType: 'strict' | 'relaxed';
  readonly defaultInstanceAction: 'stop-start' | 'migrate';
}

/** A stored set: the subcloud's (null for the defaults) and when it was written. */
export interface SwUpdateOptionsRecord extends SwUpdateOptions {
  readonly id: number;
  readonly subcloudId: number | null;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** The defaults when none were stored (dccommon's `SW_UPDATE_OPTS_CONST_DEFAULT`). */
export const SW_UPDATE_OPTIONS_DEFAULT: SwUpdateOptions = {
  storageApplyType: 'parallel',
  workerApplyType: 'parallel',
  maxParallelWorkers: 10,
  alarmRestrictionType: 'relaxed',
  defaultInstanceAction: 'migrate',
};

/** The name the defaults are shown under, and the references that mean them. */
export const SW_UPDATE_DEFAULT_TITLE = 'all clouds default';
export const DEFAULT_OPTIONS_REFS: readonly string[] = ['SystemController', 'RegionOne'];

function choice<T extends string>(body: Readonly<Record<string, unknown>>, key: string, allowed: readonly T[]): T {
  const value = body[key];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalid(`${key} is required: one of ${allowed.join(', ')}`, { field: key });
  }
  return value as T;
}

/**
 * Reads `strategy-config update` (all five keys, as the client sends them). The subcloud's VIM takes 2 to
 * 1000 worker hosts at once, so `max-parallel-workers` is held to that here rather than at every subcloud.
 */
export function readSwUpdateOptions(body: Readonly<Record<string, unknown>> | null): SwUpdateOptions {
  if (body === null || Object.keys(body).length === 0) throw invalid('Body required', { field: 'body' });
  const workers = body['max-parallel-workers'];
  const count = typeof workers === 'string' && /^\d{1,6}$/.test(workers) ? Number(workers) : workers;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < MAX_PARALLEL_WORKERS.min || count > MAX_PARALLEL_WORKERS.max) {
    throw invalid(`max-parallel-workers is required: a number from ${MAX_PARALLEL_WORKERS.min} to ${MAX_PARALLEL_WORKERS.max}`, { field: 'max-parallel-workers' });
  }
  return {
    storageApplyType: choice(body, 'storage-apply-type', ['parallel', 'serial']),
    workerApplyType: choice(body, 'worker-apply-type', ['parallel', 'serial']),
    maxParallelWorkers: count,
    alarmRestrictionType: choice(body, 'alarm-restriction-type', ['strict', 'relaxed']),
    defaultInstanceAction: choice(body, 'default-instance-action', ['stop-start', 'migrate']),
  };
}

/** The body of a subcloud's sw-deploy strategy create, as dcmanager's VIM driver sends it. */
export function vimStrategyBody(
  options: SwUpdateOptions,
  release: { readonly releaseId: string; readonly snapshot: boolean; readonly delete: boolean },
): Record<string, unknown> {
  return {
    'default-instance-action': options.defaultInstanceAction,
    release: release.releaseId,
    rollback: false,
    delete: release.delete,
    ...(release.snapshot ? { snapshot: true } : {}),
    'controller-apply-type': 'serial',
    'storage-apply-type': options.storageApplyType,
    'worker-apply-type': options.workerApplyType,
    'max-parallel-worker-hosts': options.maxParallelWorkers,
    'alarm-restrictions': options.alarmRestrictionType,
  };
}
