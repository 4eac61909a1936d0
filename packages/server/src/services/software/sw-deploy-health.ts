import { ALARM_IDS, isManagementAffecting, type Severity } from '@murmuration/core/fault';
import type { AlarmRestriction } from '@murmuration/core/orchestration';
import type { FaultService } from '../fault/index.js';

/**
 * Alarms that never hold a sw-deploy strategy back, as the VIM's list: its own and those of
 * earlier strategies, locked hosts, configuration catching up, and the deployment's own alarms
 * (a host whose last deployment failed, 900.021, or that runs another release than its target,
 * 900.004), so that a new strategy can take over hosts a failed one left behind.
 */
export const SW_DEPLOY_IGNORED_ALARMS: ReadonlySet<string> = new Set([
  // Raised by the platform itself: locked hosts, configuration catching up, the deployment's own and the strategies'.
  ALARM_IDS.HOST_LOCKED, ALARM_IDS.CONFIG_OUT_OF_DATE, ALARM_IDS.VERSION_MISMATCH, ALARM_IDS.DEPLOY_HOST_FAILED,
  ALARM_IDS.SW_DEPLOY_IN_PROGRESS, ALARM_IDS.SW_DEPLOY_ABORTING, ALARM_IDS.SW_DEPLOY_FAILED,
  // The rest of the VIM's list: alarms of services this platform does not raise (yet), ignored all the same.
  '100.119', '200.003', '280.001', '280.002', '280.003', '280.004', '280.005', '700.004', '750.006',
  '900.005', '900.007', '900.020', '900.022', '900.023', '900.231', '900.401', '900.402', '900.701',
]);

/**
 * The active alarms that forbid going on, as `alarm id (severity)`; those of hosts the failure budget let fail do not
 * count.
 */
export async function blockingAlarms(
  fault: FaultService,
  restrictions: AlarmRestriction,
  failedHosts: readonly string[],
): Promise<string[]> {
  const { items } = await fault.alarms.list({ filter: {}, includeSuppressed: true, sortKey: 'alarm_id', descending: false, limit: null, marker: null });
  const tolerated = new Set(failedHosts.map((h) => `host=${h}`));
  const blocking = items
    .map((view) => view.alarm)
    .filter((a) => !SW_DEPLOY_IGNORED_ALARMS.has(a.alarmId) && !tolerated.has(a.entityInstanceId))
    .filter((a) => restrictions === 'strict' || isManagementAffecting(a.alarmId, a.severity as Severity))
    .map((a) => `${a.alarmId} (${a.severity})`);
  return [...new Set(blocking)];
}
