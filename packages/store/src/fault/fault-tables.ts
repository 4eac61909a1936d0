import type {
  AlarmType, EventSeverity, EventState, ProbableCause, ReceiverKind, Severity, SuppressionStatus,
} from '@murmuration/core/fault';
import type { Generated } from 'kysely';

/** The fault service's tables: active alarms, the event log, suppression, silences and receivers. */
export interface FaultTables {
  alarms: AlarmTable;
  event_log: EventLogTable;
  event_suppression: EventSuppressionTable;
  silences: SilenceTable;
  receivers: ReceiverTable;
}

export interface AlarmTable {
  uuid: string;
  alarm_id: string;
  entity_type_id: string;
  entity_instance_id: string;
  severity: Severity;
  reason_text: string;
  alarm_type: AlarmType;
  probable_cause: ProbableCause;
  repair_action: string;
  service_affecting: number;
  suppression: number;
  inhibits_below: number;
  raised_at: number;
}

export interface EventLogTable {
  seq: Generated<number>;
  uuid: string;
  event_log_id: string;
  state: EventState;
  entity_type_id: string;
  entity_instance_id: string;
  at: number;
  severity: EventSeverity;
  reason_text: string;
  event_log_type: AlarmType;
  probable_cause: ProbableCause;
  repair_action: string;
  service_affecting: number;
  suppression: number;
  alarm_uuid: string | null;
  previous_severity: Severity | null;
}

export interface EventSuppressionTable {
  id: Generated<number>;
  uuid: string;
  alarm_id: string;
  status: SuppressionStatus;
  updated_at: number;
}

export interface SilenceTable {
  uuid: string;
  /** JSON list of matchers. */
  matchers: string;
  created_by: string;
  comment: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
}

export interface ReceiverTable {
  uuid: string;
  name: string;
  kind: ReceiverKind;
  url: string;
  /** Added by migration 14, 0 for the receivers made before. */
  fleet_wide: Generated<number>;
  created_at: number;
  delivered_seq: number;
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  failures: number;
  dropped: number;
}
