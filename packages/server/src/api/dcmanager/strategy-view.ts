import { pythonIsoTime, pythonTime } from '@murmuration/core/common';
import type {
  FleetStrategyObject, StrategyStepObject, SwUpdateOptionsObject,
} from '@murmuration/core/contract/dcmanager-orchestration';
import { FLEET_STEP_STAGE_NAMES, type FleetStepRecord } from '@murmuration/core/dc';
import type { StrategyRecord } from '@murmuration/core/orchestration';
import type { FleetStrategyView, SwUpdateOptionsView } from '../../services/dc-orchestration/index.js';
import type { TimeStyle } from './subcloud-view.js';

const nullableTime = (time: (ms: number) => string, ms: number | null) => (ms === null ? null : time(ms));

/** When the strategy last changed state: its apply or abort starting or ending. */
function updatedAt(s: StrategyRecord): number | null {
  const times = [s.apply.startedAt, s.apply.endedAt, s.abort.startedAt, s.abort.endedAt]
    .filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.max(...times);
}

/** Its steps counted by state, those offline at their turn as `deferred`, with the `total`. */
function stepCounts(view: FleetStrategyView): Record<string, number> {
  const counts: Record<string, number> = { total: 0 };
  for (const c of view.counts) {
    const key = c.phase === 'deferred' ? 'deferred' : c.state;
    counts[key] = (counts[key] ?? 0) + c.count;
    counts['total']! += c.count;
  }
  return counts;
}

/** The strategy as dcmanager writes it: times as a row (GET) or as its RPC replies (create, apply, abort, delete). */
export function strategyObject(view: FleetStrategyView, style: TimeStyle): FleetStrategyObject {
  const { strategy } = view;
  const o = strategy.options;
  const time = style === 'row' ? pythonTime : pythonIsoTime;
  return {
    id: 1,
    type: o.type,
    'subcloud-apply-type': o.subcloudApplyType,
    'max-parallel-subclouds': o.maxParallelSubclouds,
    'stop-on-failure': o.stopOnFailure,
    state: view.state,
    'extra-args': o.type === 'prestage'
      ? {
          sysadmin_password: null, force: o.force, 'prestage-software-version': o.releaseId, for_sw_deploy: o.forSwDeploy,
          'max-failures': o.maxFailuresGiven,
        }
      : {
          release_id: o.releaseId, snapshot: o.snapshot, rollback: false, delete: o.delete, cleanup: false,
          with_prestage: o.withPrestage === true, kube_upgrade: null, sysadmin_password: null,
          canary: o.canary, soak: o.soakSeconds, 'max-failures': o.maxFailuresGiven,
          ...(o.withPrestage ? { for_sw_deploy: true, force: false, 'prestage-software-version': o.releaseId } : {}),
        },
    'created-at': time(strategy.createdAt),
    'updated-at': nullableTime(time, updatedAt(strategy)),
    'step-counts': stepCounts(view),
  };
}

export function stepObject(r: FleetStepRecord): StrategyStepObject {
  return {
    id: r.position + 1,
    cloud: r.subcloudName,
    stage: FLEET_STEP_STAGE_NAMES[r.stage],
    state: r.state,
    details: r.details,
    'started-at': nullableTime(pythonTime, r.startedAt),
    'finished-at': nullableTime(pythonTime, r.finishedAt),
    'created-at': pythonTime(r.createdAt),
    'updated-at': nullableTime(pythonTime, r.updatedAt),
  };
}

/** A set of options; the built-in defaults have no id, subcloud id or times. */
export function optionsObject(view: SwUpdateOptionsView): SwUpdateOptionsObject {
  const { options: o, record } = view;
  return {
    ...(record ? { id: record.id } : {}),
    name: view.name,
    ...(record ? { 'subcloud-id': record.subcloudId } : {}),
    'storage-apply-type': o.storageApplyType,
    'worker-apply-type': o.workerApplyType,
    'max-parallel-workers': o.maxParallelWorkers,
    'alarm-restriction-type': o.alarmRestrictionType,
    'default-instance-action': o.defaultInstanceAction,
    'created-at': record ? pythonTime(record.createdAt) : null,
    'updated-at': record ? nullableTime(pythonTime, record.updatedAt) : null,
  };
}
