import { DC_ENDPOINT_TYPES, type DcEndpointType, type SubcloudRecord, type SyncStatus } from '@murmuration/core/dc';
import { ALARM_IDS, buildAlarmSet, type AlarmChange } from '@murmuration/core/fault';

/** The entity of a subcloud's alarms: `subcloud=<name>`, its endpoints' below it. */
export const subcloudEntity = (name: string): string => `subcloud=${name}`;
const endpointEntity = (name: string, endpoint: DcEndpointType): string => `${subcloudEntity(name)}.resource=${endpoint}`;

/** 280.001 while a managed subcloud is offline, its clear once it is online again. */
export function offlineAlarm(name: string, offline: boolean): AlarmChange {
  const entityInstanceId = subcloudEntity(name);
  if (!offline) return { kind: 'clear', alarmId: ALARM_IDS.SUBCLOUD_OFFLINE, entityInstanceId };
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: ALARM_IDS.SUBCLOUD_OFFLINE, entityInstanceId, severity: 'critical', reasonText: `${name} is offline`,
    }),
  };
}

/** 280.002 while an endpoint type of the subcloud is out-of-sync, its clear for any other status. */
export function outOfSyncAlarm(name: string, endpoint: DcEndpointType, status: SyncStatus): AlarmChange {
  const entityInstanceId = endpointEntity(name, endpoint);
  if (status !== 'out-of-sync') return { kind: 'clear', alarmId: ALARM_IDS.SUBCLOUD_OUT_OF_SYNC, entityInstanceId };
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: ALARM_IDS.SUBCLOUD_OUT_OF_SYNC, entityInstanceId, severity: 'major',
      reasonText: `${name} ${endpoint} sync_status is out-of-sync`,
    }),
  };
}

/**
 * The alarm changes a change of a subcloud's state makes: 280.001 when its availability changes, 280.002 for each
 * endpoint whose sync status moves into or out of out-of-sync. Nothing for what did not change.
 */
export function stateAlarms(before: SubcloudRecord, after: SubcloudRecord): AlarmChange[] {
  const changes: AlarmChange[] = [];
  if (before.availabilityStatus !== after.availabilityStatus) {
    changes.push(offlineAlarm(after.name, after.availabilityStatus === 'offline'));
  }
  for (const endpoint of DC_ENDPOINT_TYPES) {
    const was = before.endpointSync[endpoint] === 'out-of-sync';
    const is = after.endpointSync[endpoint] === 'out-of-sync';
    if (was !== is) changes.push(outOfSyncAlarm(after.name, endpoint, after.endpointSync[endpoint]));
  }
  return changes;
}

/** Clears every alarm of a subcloud (its own and its endpoints'): it was deleted or renamed. */
export function clearSubcloudAlarms(name: string): AlarmChange {
  return { kind: 'clear-tree', entityInstanceId: subcloudEntity(name), alarmIds: null };
}
