import type {
  FleetStrategyObject, PrestageExtraArgs, StrategyStepObject, SwDeployExtraArgs, SwUpdateOptionsObject,
} from '@murmuration/core/contract/dcmanager-orchestration';
import type { Cell } from '../output/printer.js';

/**
 * The tables of dcmanager's orchestration commands, in its rows and columns: a strategy as
 * `sw-deploy-strategy create|show|apply|abort|delete` print it, the steps of `strategy-step`,
 * the options of `strategy-config`, and the progress line of `--watch`.
 */

/** `delete_option` as dcmanager shows it: what the strategy does with the deployment at its end. */
function deleteOption(extra: SwDeployExtraArgs): string | null {
  if (extra.delete) return 'delete';
  if (extra.cleanup) return 'cleanup';
  return null;
}

const isPrestage = (extra: FleetStrategyObject['extra-args']): extra is PrestageExtraArgs =>
  extra !== null && !('release_id' in extra);

/**
 * A prestage strategy's rows: dcmanager's seven, `prestage software version` before `state`; max failures when
 * given.
 */
function prestageFields(s: FleetStrategyObject, extra: PrestageExtraArgs): Record<string, Cell> {
  return {
    'strategy type': s.type,
    'subcloud apply type': s['subcloud-apply-type'],
    'max parallel subclouds': s['max-parallel-subclouds'],
    'stop on failure': s['stop-on-failure'],
    ...(extra['max-failures'] !== null ? { 'max failures': extra['max-failures'] } : {}),
    'prestage software version': extra['prestage-software-version'],
    state: s.state,
    created_at: s['created-at'],
    updated_at: s['updated-at'],
  };
}

/**
 * A strategy's rows (a prestage's: `prestageFields`); a sw-deploy's: dcmanager's seven, with the sw-deploy ones
 * after `stop on failure`; this controller's rollout settings (canary, soak, max failures) after those, only when
 * the strategy has them.
 */
export function strategyFields(s: FleetStrategyObject): Record<string, Cell> {
  const given = s['extra-args'];
  if (isPrestage(given)) return prestageFields(s, given);
  const extra = given;
  const rollout: Record<string, Cell> = {};
  if (extra && extra.canary > 0) Object.assign(rollout, { canary: extra.canary, soak: extra.soak });
  if (extra && extra['max-failures'] !== null) rollout['max failures'] = extra['max-failures'];
  return {
    'strategy type': s.type,
    'subcloud apply type': s['subcloud-apply-type'],
    'max parallel subclouds': s['max-parallel-subclouds'],
    'stop on failure': s['stop-on-failure'],
    release_id: extra ? extra.release_id : '',
    snapshot: extra ? extra.snapshot : false,
    rollback: extra ? extra.rollback : false,
    delete_option: extra ? deleteOption(extra) : null,
    with_prestage: extra?.with_prestage ? 'with_prestage' : null,
    kube_upgrade: extra ? extra.kube_upgrade : null,
    ...rollout,
    state: s.state,
    created_at: s['created-at'],
    updated_at: s['updated-at'],
  };
}

/** `strategy-step list`'s columns; `show` adds the two times of the row. */
export const STEP_LIST_COLUMNS = ['cloud', 'stage', 'state', 'details', 'started_at', 'finished_at'] as const;

export function stepListRow(step: StrategyStepObject): Record<string, Cell> {
  return {
    cloud: step.cloud,
    stage: step.stage,
    state: step.state,
    details: step.details,
    started_at: step['started-at'],
    finished_at: step['finished-at'],
  };
}

export function stepFields(step: StrategyStepObject): Record<string, Cell> {
  return { ...stepListRow(step), created_at: step['created-at'], updated_at: step['updated-at'] };
}

/** `strategy-config list`'s columns; `show` and `update` add the two times. */
export const OPTIONS_LIST_COLUMNS = [
  'cloud', 'storage apply type', 'worker apply type', 'max parallel workers', 'alarm restriction type',
  'default instance action',
] as const;

export function optionsListRow(o: SwUpdateOptionsObject): Record<string, Cell> {
  return {
    cloud: o.name,
    'storage apply type': o['storage-apply-type'],
    'worker apply type': o['worker-apply-type'],
    'max parallel workers': o['max-parallel-workers'],
    'alarm restriction type': o['alarm-restriction-type'],
    'default instance action': o['default-instance-action'],
  };
}

export function optionsFields(o: SwUpdateOptionsObject): Record<string, Cell> {
  return { ...optionsListRow(o), created_at: o['created-at'], updated_at: o['updated-at'] };
}

/**
 * The order of step states in a progress line: done first, then those under way from the
 * furthest along, then those not started, then those that failed or were aborted. A state this
 * client does not know (one of a newer server) comes just before `initial`.
 */
const PROGRESS_ORDER = [
  'complete', 'finish sw-deploy strategy', 'apply VIM sw-deploy strategy', 'create VIM sw-deploy strategy',
  'sw-deploy install license', 'prestaging-images', 'prestaging-packages', 'prestage-precheck', 'sw-deploy pre-check',
];
const LAST = ['initial', 'failed', 'aborted'];

function rank(state: string): number {
  const at = PROGRESS_ORDER.indexOf(state);
  if (at !== -1) return at;
  const last = LAST.indexOf(state);
  return last === -1 ? PROGRESS_ORDER.length : PROGRESS_ORDER.length + 1 + last;
}

/** How many steps are in each state. */
export function stepCounts(steps: readonly Pick<StrategyStepObject, 'state'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of steps) counts[step.state] = (counts[step.state] ?? 0) + 1;
  return counts;
}

/**
 * `applying: 120 complete, 500 apply VIM sw-deploy strategy, 9380 initial, 1 failed`; the `total`
 * the server counts besides the states is not a state and is left out.
 */
export function progressLine(state: string, counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([s, n]) => n > 0 && s !== 'total')
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([s, n]) => `${n} ${s}`);
  return parts.length === 0 ? `${state}: no steps` : `${state}: ${parts.join(', ')}`;
}
