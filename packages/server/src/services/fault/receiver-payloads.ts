import {
  findAlarmDefinition, isDegradeAffecting, isManagementAffecting, type EventRecord, type Severity,
} from '@murmuration/core/fault';

/** How an alarm changed, as receivers are told. */
export type AlarmChangeKind = 'raised' | 'updated' | 'cleared';

export function changeKindOf(event: EventRecord): AlarmChangeKind {
  if (event.state === 'clear') return 'cleared';
  return event.previousSeverity === null ? 'raised' : 'updated';
}

/** One alarm change in a webhook delivery. */
export interface WebhookChange {
  readonly seq: number;
  readonly change: AlarmChangeKind;
  readonly timestamp: string;
  readonly alarm_uuid: string | null;
  readonly alarm_id: string;
  readonly entity_type_id: string;
  readonly entity_instance_id: string;
  readonly severity: string;
  readonly previous_severity: Severity | null;
  readonly reason_text: string;
  readonly alarm_type: string;
  readonly probable_cause: string;
  readonly proposed_repair_action: string;
  readonly service_affecting: boolean;
  readonly mgmt_affecting: boolean;
  readonly degrade_affecting: boolean;
}

/** The body POSTed to a webhook receiver: a run of changes, oldest first. */
export interface WebhookPayload {
  readonly version: '1';
  readonly receiver: string;
  readonly region: string;
  readonly changes: readonly WebhookChange[];
}

function effectiveSeverity(event: EventRecord): Severity {
  return event.state === 'clear' ? (event.previousSeverity ?? 'warning') : (event.severity as Severity);
}

export function webhookPayload(receiver: string, region: string, events: readonly EventRecord[]): WebhookPayload {
  return {
    version: '1',
    receiver,
    region,
    changes: events.map((event) => {
      const severity = effectiveSeverity(event);
      return {
        seq: event.seq,
        change: changeKindOf(event),
        timestamp: new Date(event.timestamp).toISOString(),
        alarm_uuid: event.alarmUuid,
        alarm_id: event.eventLogId,
        entity_type_id: event.entityTypeId,
        entity_instance_id: event.entityInstanceId,
        severity: event.state === 'clear' ? 'clear' : severity,
        previous_severity: event.previousSeverity,
        reason_text: event.reasonText,
        alarm_type: event.eventLogType,
        probable_cause: event.probableCause,
        proposed_repair_action: event.repairAction,
        service_affecting: event.serviceAffecting,
        mgmt_affecting: isManagementAffecting(event.eventLogId, severity),
        degrade_affecting: isDegradeAffecting(event.eventLogId, severity),
      };
    }),
  };
}

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Left out of a resolve: Alertmanager keeps the start it has, and refuses an end before it. */
  readonly startsAt?: string;
  readonly endsAt: string;
  readonly generatorURL: string;
}

/** What an alert is about: an alarm on an entity at a severity. */
export interface AlertSubject {
  readonly alarmId: string;
  readonly entityTypeId: string;
  readonly entityInstanceId: string;
  readonly severity: Severity;
  readonly reasonText: string;
  readonly repairAction: string;
  readonly alarmUuid: string | null;
  readonly since: number;
}

/**
 * Labels identify an alert to Alertmanager, so they hold only what identifies the alarm and
 * its severity; the text goes into annotations. A firing alert ends `ttlMs` from now unless it
 * is sent again, so an alarm whose controller goes silent resolves by itself.
 */
export function alertOf(
  subject: AlertSubject,
  region: string,
  baseUrl: string,
  firing: boolean,
  now: number,
  ttlMs: number,
): PostableAlert {
  const definition = findAlarmDefinition(subject.alarmId);
  return {
    labels: {
      alertname: subject.alarmId,
      alarm_id: subject.alarmId,
      entity_type_id: subject.entityTypeId,
      entity_instance_id: subject.entityInstanceId,
      severity: subject.severity,
      region,
    },
    annotations: {
      summary: subject.reasonText,
      description: definition?.description ?? '',
      proposed_repair_action: subject.repairAction,
      ...(subject.alarmUuid ? { alarm_uuid: subject.alarmUuid } : {}),
    },
    ...(firing ? { startsAt: new Date(subject.since).toISOString() } : {}),
    endsAt: new Date(firing ? now + ttlMs : now).toISOString(),
    generatorURL: subject.alarmUuid ? `${baseUrl}/fm/v1/alarms/${subject.alarmUuid}` : `${baseUrl}/fm/v1/alarms`,
  };
}

/**
 * The alerts one change means: a set fires (and, when it changed severity, resolves the alert
 * of the old severity, since severity is a label); a clear resolves.
 */
export function alertsOfEvent(
  event: EventRecord,
  region: string,
  baseUrl: string,
  now: number,
  ttlMs: number,
): PostableAlert[] {
  const base = {
    alarmId: event.eventLogId,
    entityTypeId: event.entityTypeId,
    entityInstanceId: event.entityInstanceId,
    reasonText: event.reasonText,
    repairAction: event.repairAction,
    alarmUuid: event.alarmUuid,
    since: event.timestamp,
  };
  if (event.state === 'clear') return [alertOf({ ...base, severity: event.previousSeverity ?? 'warning' }, region, baseUrl, false, now, ttlMs)];
  const firing = alertOf({ ...base, severity: event.severity as Severity }, region, baseUrl, true, now, ttlMs);
  if (event.previousSeverity === null || event.previousSeverity === event.severity) return [firing];
  return [alertOf({ ...base, severity: event.previousSeverity }, region, baseUrl, false, now, ttlMs), firing];
}
