import { invalid } from '../errors/app-error.js';
import type { HostRecord } from '../inventory/host.js';
import {
  ALARM_RESTRICTIONS,
  APPLY_TYPES,
  INSTANCE_ACTIONS,
  type AlarmRestriction,
  type ApplyType,
  type InstanceAction,
  type StageRecord,
  type StepName,
  type StepRecord,
  type SwDeployOptions,
} from './strategy.js';

/** How far `max-parallel-worker-hosts` goes (StarlingX allows 2..10 for sw-deploy). */
export const MAX_PARALLEL_WORKERS = { min: 2, max: 1000, default: 2 } as const;

const STEP_TIMEOUTS: Readonly<Record<StepName, number>> = {
  'query-alarms': 60,
  'lock-hosts': 900,
  'sw-deploy-hosts': 3600,
  'unlock-hosts': 1800,
  'wait-alarms-clear': 600,
  'system-stabilize': 60,
  soak: 86_400,
};

function choice<T extends string>(raw: Readonly<Record<string, unknown>>, key: string, allowed: readonly T[], fallback: T): T {
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
  const canary = raw['canary'] ?? 0;
  if (typeof canary !== 'number' || !Number.isInteger(canary) || canary < 0 || canary > 1000) throw invalid('canary must be a number of hosts from 0 to 1000', { field: 'canary' });
  const soak = raw['soak'] ?? 0;
  if (typeof soak !== 'number' || !Number.isInteger(soak) || soak < 0 || soak > 86_400) throw invalid('soak must be a number of seconds from 0 to 86400', { field: 'soak' });
  return {
    release,
    canary,
    soakSeconds: soak,
    maxFailures: readMaxFailures(raw['max-failures']),
    controllerApplyType: choice(raw, 'controller-apply-type', ['serial', 'ignore'], 'serial'),
    storageApplyType: choice<ApplyType>(raw, 'storage-apply-type', APPLY_TYPES, 'serial'),
    workerApplyType: choice<ApplyType>(raw, 'worker-apply-type', APPLY_TYPES, 'serial'),
    maxParallelWorkerHosts: count,
    alarmRestrictions: choice<AlarmRestriction>(raw, 'alarm-restrictions', ALARM_RESTRICTIONS, 'strict'),
    defaultInstanceAction: choice<InstanceAction>(raw, 'default-instance-action', INSTANCE_ACTIONS, 'stop-start'),
  };
}

/** `max-failures`: a count (`3`) or a percentage of the hosts (`10%`). */
function readMaxFailures(value: unknown): SwDeployOptions['maxFailures'] {
  if (value === undefined || value === null) return { count: 0 };
  const text = String(value);
  const m = /^(\d{1,6})(%?)$/.exec(text);
  if (!m || (m[2] === '%' && Number(m[1]) > 100)) throw invalid('max-failures must be a number of hosts (3) or a percentage of them (10%)', { field: 'max-failures' });
  return m[2] === '%' ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

function step(stepId: number, name: StepName, hosts: readonly HostRecord[]): StepRecord {
  return {
    stepId,
    name,
    timeoutSeconds: STEP_TIMEOUTS[name],
    entityType: hosts.length > 0 ? 'hosts' : '',
    entityUuids: hosts.map((h) => h.uuid),
    entityNames: hosts.map((h) => h.hostname),
    result: 'initial',
    reason: '',
    startedAt: null,
    endedAt: null,
  };
}

function stage(stageId: number, name: string, steps: Array<[StepName, readonly HostRecord[]]>): StageRecord {
  const built = steps.map(([n, hosts], i) => step(i, n, hosts));
  return { stageId, name, timeoutSeconds: built.reduce((t, s) => t + s.timeoutSeconds, 0), steps: built, result: 'initial', reason: '', startedAt: null, endedAt: null };
}

/**
 * The steps that take a group of hosts through a release. A release that needs a reboot is
 * installed on locked hosts: unlocked ones are locked first and unlocked again after; an
 * in-service release is installed as the hosts run.
 */
function hostSteps(hosts: readonly HostRecord[], rebootRequired: boolean): Array<[StepName, readonly HostRecord[]]> {
  if (!rebootRequired) return [['sw-deploy-hosts', hosts], ['wait-alarms-clear', []]];
  const unlocked = hosts.filter((h) => h.administrative === 'unlocked');
  return [
    ...(unlocked.length > 0 ? ([['lock-hosts', unlocked]] as Array<[StepName, readonly HostRecord[]]>) : []),
    ['sw-deploy-hosts', hosts],
    ...(unlocked.length > 0 ? ([['unlock-hosts', unlocked], ['wait-alarms-clear', []]] as Array<[StepName, readonly HostRecord[]]>) : []),
  ];
}

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * The apply phase of a sw-deploy strategy, as the VIM builds it: alarms checked first, then
 * controllers one at a time, storage hosts, then workers one at a time or in groups of
 * `max-parallel-worker-hosts`, then the system left to settle. Hosts already running the
 * release are left out.
 */
export function planSwDeploy(options: SwDeployOptions, hosts: readonly HostRecord[], running: ReadonlyMap<string, string | null>, rebootRequired: boolean): StageRecord[] {
  const pending = hosts.filter((h) => running.get(h.uuid) !== options.release).sort((a, b) => a.hostname.localeCompare(b.hostname, 'en', { numeric: true }));
  const of = (personality: string) => pending.filter((h) => h.personality === personality);
  const stages: StageRecord[] = [];
  const add = (name: string, steps: Array<[StepName, readonly HostRecord[]]>) => stages.push(stage(stages.length, name, steps));
  add('sw-upgrade-start', [['query-alarms', []]]);
  if (options.controllerApplyType !== 'ignore') for (const host of of('controller')) add('sw-upgrade-controllers', hostSteps([host], rebootRequired));
  const groups = (list: HostRecord[], type: ApplyType, size: number): HostRecord[][] => (type === 'ignore' ? [] : type === 'serial' ? list.map((h) => [h]) : chunks(list, size));
  for (const group of groups(of('storage'), options.storageApplyType, 2)) add('sw-upgrade-storage-hosts', hostSteps(group, rebootRequired));
  const workers = of('worker');
  if (options.workerApplyType !== 'ignore' && options.canary > 0 && workers.length > 0) {
    add('sw-upgrade-canary-hosts', [...hostSteps(workers.slice(0, options.canary), rebootRequired), ['soak', []]]);
  }
  const rest = options.workerApplyType === 'ignore' ? [] : workers.slice(options.canary);
  for (const group of groups(rest, options.workerApplyType, options.maxParallelWorkerHosts)) add('sw-upgrade-worker-hosts', hostSteps(group, rebootRequired));
  add('sw-upgrade-complete', [['system-stabilize', []]]);
  return stages;
}
