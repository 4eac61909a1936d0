import { sysinvTime } from '@murmuration/core/common';
import type {
  AlarmListItem, AlarmObject, EventListItem, EventObject, SuppressionObject,
} from '@murmuration/core/contract/fault';
import {
  findAlarmDefinition, isDegradeAffecting, isManagementAffecting, type EventRecord, type SuppressionRecord,
} from '@murmuration/core/fault';
import type { AlarmView } from '../../services/fault/index.js';

const trueFalse = (value: boolean): 'True' | 'False' => (value ? 'True' : 'False');

/** An alarm as fm serializes it: the short field set in listings, every field with `expand` or on show. */
export function alarmObject(
  view: AlarmView,
  options: { expand: boolean; muting: boolean },
): AlarmObject | AlarmListItem {
  const { alarm, muting } = view;
  const extra = options.muting ? { silenced_by: [...muting.silencedBy], inhibited_by: [...muting.inhibitedBy] } : {};
  const computed = {
    suppression_status: muting.suppressed ? 'suppressed' : 'unsuppressed',
    mgmt_affecting: trueFalse(isManagementAffecting(alarm.alarmId, alarm.severity)),
    degrade_affecting: trueFalse(isDegradeAffecting(alarm.alarmId, alarm.severity)),
  };
  if (!options.expand) {
    return {
      uuid: alarm.uuid,
      alarm_id: alarm.alarmId,
      entity_instance_id: alarm.entityInstanceId,
      severity: alarm.severity,
      timestamp: sysinvTime(alarm.timestamp),
      reason_text: alarm.reasonText,
      ...computed,
      ...extra,
    };
  }
  return {
    uuid: alarm.uuid,
    alarm_id: alarm.alarmId,
    alarm_state: 'set',
    entity_type_id: alarm.entityTypeId,
    entity_instance_id: alarm.entityInstanceId,
    timestamp: sysinvTime(alarm.timestamp),
    severity: alarm.severity,
    reason_text: alarm.reasonText,
    alarm_type: alarm.alarmType,
    probable_cause: alarm.probableCause,
    proposed_repair_action: alarm.repairAction,
    service_affecting: alarm.serviceAffecting,
    suppression: alarm.suppression,
    ...computed,
    ...extra,
  };
}

/** An event-log record; logs have no suppression status (fm prints the string "None"). */
export function eventObject(
  event: EventRecord,
  suppressed: ReadonlySet<string>,
  expand: boolean,
): EventObject | EventListItem {
  const suppressionStatus = event.state === 'log' ? 'None' : suppressed.has(event.eventLogId) ? 'suppressed' : 'unsuppressed';
  const short = {
    uuid: event.uuid,
    event_log_id: event.eventLogId,
    state: event.state,
    entity_instance_id: event.entityInstanceId,
    severity: event.severity,
    timestamp: sysinvTime(event.timestamp),
    reason_text: event.reasonText,
    suppression_status: suppressionStatus,
  };
  if (!expand) return short;
  return {
    uuid: event.uuid,
    event_log_id: event.eventLogId,
    state: event.state,
    entity_type_id: event.entityTypeId,
    entity_instance_id: event.entityInstanceId,
    timestamp: short.timestamp,
    severity: event.severity,
    reason_text: event.reasonText,
    event_log_type: event.eventLogType,
    probable_cause: event.probableCause,
    proposed_repair_action: event.repairAction,
    service_affecting: event.serviceAffecting,
    suppression: event.suppression,
    suppression_status: suppressionStatus,
  };
}

/** An event-suppression entry with its links; `id` only on show and patch, as fm does. */
export function suppressionObject(record: SuppressionRecord, host: string, withId: boolean): SuppressionObject {
  return {
    ...(withId ? { id: record.id } : {}),
    uuid: record.uuid,
    alarm_id: record.alarmId,
    description: findAlarmDefinition(record.alarmId)?.description ?? '',
    suppression_status: record.status,
    links: [
      { href: `${host}/fm/v1/event_suppression/${record.uuid}`, rel: 'self' },
      { href: `${host}/fm/event_suppression/${record.uuid}`, rel: 'bookmark' },
    ],
  };
}
