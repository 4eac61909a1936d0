import { ALARM_IDS } from '../fault/alarm-ids.js';
import { buildAlarmSet } from '../fault/alarm-rules.js';
import type { AlarmChange } from '../fault/alarm-changes.js';
import type { DcEndpointType } from './sync-status.js';

/** The entity of a subcloud's alarms (`subcloud=<name>`), as dcmanager names it. */
export const subcloudEntity = (name: string): string => `subcloud=${name}`;

/** The entity of one endpoint type's sync alarm of a subcloud. */
export const subcloudEndpointEntity = (name: string, endpoint: DcEndpointType): string =>
  `${subcloudEntity(name)}.resource=${endpoint}`;

/** The alarm changes the system controller makes about its subclouds (280.001, 280.002). */
export const subcloudAlarms = {
  offline: (name: string): AlarmChange => ({
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: ALARM_IDS.SUBCLOUD_OFFLINE, entityInstanceId: subcloudEntity(name), entityTypeId: 'subcloud',
      severity: 'critical', reasonText: `${name} is offline`,
    }),
  }),
  online: (name: string): AlarmChange => ({
    kind: 'clear', alarmId: ALARM_IDS.SUBCLOUD_OFFLINE, entityInstanceId: subcloudEntity(name),
  }),
  outOfSync: (name: string, endpoint: DcEndpointType): AlarmChange => ({
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: ALARM_IDS.SUBCLOUD_OUT_OF_SYNC, entityInstanceId: subcloudEndpointEntity(name, endpoint),
      entityTypeId: 'subcloud', severity: 'major', reasonText: `${name} ${endpoint} sync_status is out-of-sync`,
    }),
  }),
  notOutOfSync: (name: string, endpoint: DcEndpointType): AlarmChange => ({
    kind: 'clear', alarmId: ALARM_IDS.SUBCLOUD_OUT_OF_SYNC, entityInstanceId: subcloudEndpointEntity(name, endpoint),
  }),
  /** Every alarm the system controller holds on the subcloud (it was deleted). */
  all: (name: string): AlarmChange => ({
    kind: 'clear-tree', entityInstanceId: subcloudEntity(name),
    alarmIds: [ALARM_IDS.SUBCLOUD_OFFLINE, ALARM_IDS.SUBCLOUD_OUT_OF_SYNC],
  }),
} as const;
