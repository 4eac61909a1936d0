import type { HostRecord } from '../inventory/host.js';
import type { StageRecord } from './strategy.js';
import { plannedStage, type PlannedStep } from './strategy-plan.js';
import type { ApplyType, SwDeployOptions } from './sw-deploy-options.js';

/** The step types of a sw-deploy strategy, with the time each is given. */
export const SW_DEPLOY_STEP_TIMEOUTS = {
  'query-alarms': 60,
  'lock-hosts': 900,
  'sw-deploy-hosts': 3600,
  'unlock-hosts': 1800,
  'wait-alarms-clear': 600,
  'system-stabilize': 60,
  soak: 86_400,
} as const;
export type SwDeployStepName = keyof typeof SW_DEPLOY_STEP_TIMEOUTS;

function step(name: SwDeployStepName, hosts: readonly HostRecord[]): PlannedStep {
  return { name, timeoutSeconds: SW_DEPLOY_STEP_TIMEOUTS[name], entityType: hosts.length > 0 ? 'hosts' : '', entities: hosts.map((h) => ({ uuid: h.uuid, name: h.hostname })) };
}

/**
 * The steps that take a group of hosts through a release. A release that needs a reboot is
 * installed on locked hosts: unlocked ones are locked first and unlocked again after; an
 * in-service release is installed as the hosts run.
 */
function hostSteps(
  hosts: readonly HostRecord[],
  rebootRequired: boolean,
): Array<[SwDeployStepName, readonly HostRecord[]]> {
  if (!rebootRequired) return [['sw-deploy-hosts', hosts], ['wait-alarms-clear', []]];
  const unlocked = hosts.filter((h) => h.administrative === 'unlocked');
  return [
    ...(unlocked.length > 0 ? ([['lock-hosts', unlocked]] as Array<[SwDeployStepName, readonly HostRecord[]]>) : []),
    ['sw-deploy-hosts', hosts],
    ...(unlocked.length > 0 ? ([['unlock-hosts', unlocked], ['wait-alarms-clear', []]] as Array<[SwDeployStepName, readonly HostRecord[]]>) : []),
  ];
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * The apply phase of a sw-deploy strategy, as the VIM builds it: alarms checked first, then
 * controllers one at a time, storage hosts, then workers one at a time or in groups of
 * `max-parallel-worker-hosts`, then the system left to settle. Hosts already running the
 * release are left out.
 */
export function planSwDeploy(
  options: SwDeployOptions,
  hosts: readonly HostRecord[],
  running: ReadonlyMap<string, string | null>,
  rebootRequired: boolean,
): StageRecord[] {
  const pending = hosts.filter((h) => running.get(h.uuid) !== options.release).sort((a, b) => a.hostname.localeCompare(b.hostname, 'en', { numeric: true }));
  const of = (personality: string) => pending.filter((h) => h.personality === personality);
  const stages: StageRecord[] = [];
  const add = (name: string, steps: Array<[SwDeployStepName, readonly HostRecord[]]>) =>
    stages.push(
      plannedStage(
        stages.length,
        name,
        steps.map(([n, hosts]) => step(n, hosts)),
      ),
    );
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
