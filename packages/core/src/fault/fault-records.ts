import type { AlarmType, EventSeverity, ProbableCause, Severity } from './alarm-definition.js';

/** An active alarm: unique by (alarmId, entityInstanceId). */
export interface AlarmRecord {
  readonly uuid: string;
  readonly alarmId: string;
  readonly entityTypeId: string;
  readonly entityInstanceId: string;
  readonly severity: Severity;
  readonly reasonText: string;
  readonly alarmType: AlarmType;
  readonly probableCause: ProbableCause;
  readonly repairAction: string;
  readonly serviceAffecting: boolean;
  readonly suppression: boolean;
  readonly inhibitsBelow: boolean;
  /** When it was last set (raised or re-raised), epoch ms. */
  readonly timestamp: number;
}

/** `set` and `clear` record alarm changes; `log` is a one-off record. */
export type EventState = 'set' | 'clear' | 'log';

/** One record of the event log; `seq` orders them and is the stream's event id. */
export interface EventRecord {
  readonly seq: number;
  readonly uuid: string;
  readonly eventLogId: string;
  readonly state: EventState;
  readonly entityTypeId: string;
  readonly entityInstanceId: string;
  readonly timestamp: number;
  readonly severity: EventSeverity;
  readonly reasonText: string;
  readonly eventLogType: AlarmType;
  readonly probableCause: ProbableCause;
  readonly repairAction: string;
  readonly serviceAffecting: boolean;
  readonly suppression: boolean;
  /** The alarm the record is about (set, clear), null for logs. */
  readonly alarmUuid: string | null;
  /** For a set: the severity the alarm had before (a re-raise), null when it was new. */
  readonly previousSeverity: Severity | null;
}

/** An event-log record before the database numbered it. */
export type NewEvent = Omit<EventRecord, 'seq'>;

export type SuppressionStatus = 'suppressed' | 'unsuppressed';

/** Whether operators have masked an alarm id. */
export interface SuppressionRecord {
  readonly id: number;
  readonly uuid: string;
  readonly alarmId: string;
  readonly status: SuppressionStatus;
}
