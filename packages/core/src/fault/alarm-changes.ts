import type { AlarmType, EventSeverity, ProbableCause, Severity } from './alarm-definition.js';
import type { AlarmRecord, NewEvent } from './fault-records.js';

/** A validated request to set (raise or re-raise) an alarm: the alarm without its uuid and time. */
export type AlarmSet = Omit<AlarmRecord, 'uuid' | 'timestamp'>;

/** A validated one-off event-log record. */
export interface LogEntry {
  readonly eventLogId: string;
  readonly entityInstanceId: string;
  readonly entityTypeId: string;
  readonly severity: EventSeverity;
  readonly reasonText: string;
  readonly eventLogType: AlarmType;
  readonly probableCause: ProbableCause;
  readonly serviceAffecting: boolean;
  readonly suppression: boolean;
}

/** One change to the alarm table or the event log, as services and the API ask for it. */
export type AlarmChange =
  | { readonly kind: 'set'; readonly alarm: AlarmSet }
  | { readonly kind: 'clear'; readonly alarmId: string; readonly entityInstanceId: string }
  | { readonly kind: 'clear-uuid'; readonly uuid: string }
  /** Clears every alarm on the entity and below it (optionally only these alarm ids). */
  | { readonly kind: 'clear-tree'; readonly entityInstanceId: string; readonly alarmIds: readonly string[] | null }
  | { readonly kind: 'log'; readonly entry: LogEntry };

export type AlarmChangeResult =
  | { readonly kind: 'set'; readonly alarm: AlarmRecord; readonly created: boolean }
  | { readonly kind: 'clear'; readonly cleared: readonly AlarmRecord[] }
  | { readonly kind: 'log'; readonly event: NewEvent };

/** What a group of changes does to the tables, and what each change answers. */
export interface AlarmChangePlan {
  readonly results: AlarmChangeResult[];
  readonly events: NewEvent[];
  readonly upserts: AlarmRecord[];
  readonly removals: string[];
}

/** Which stored alarms a group of changes needs to see before it can be planned. */
export interface AlarmChangeScope {
  readonly entities: string[];
  readonly uuids: string[];
  readonly trees: string[];
}

export function changeScope(changes: readonly AlarmChange[]): AlarmChangeScope {
  const entities = new Set<string>();
  const uuids = new Set<string>();
  const trees = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'set') entities.add(change.alarm.entityInstanceId);
    else if (change.kind === 'clear') entities.add(change.entityInstanceId);
    else if (change.kind === 'clear-uuid') uuids.add(change.uuid);
    else if (change.kind === 'clear-tree') trees.add(change.entityInstanceId);
  }
  return { entities: [...entities], uuids: [...uuids], trees: [...trees] };
}

const keyOf = (alarmId: string, entityInstanceId: string): string => `${alarmId}\u0000${entityInstanceId}`;

const inTree = (entity: string, root: string): boolean => entity === root || entity.startsWith(`${root}.`);

/**
 * Applies changes in order to the stored alarms they touch and returns the rows to write and
 * the event-log records to append. Raising an alarm that is already active updates it in place
 * (same uuid, new severity, reason and time); clearing one that is not active changes nothing.
 */
export function planAlarmChanges(
  changes: readonly AlarmChange[],
  stored: readonly AlarmRecord[],
  newUuid: () => string,
  now: number,
): AlarmChangePlan {
  const original = new Map<string, AlarmRecord>();
  for (const alarm of stored) original.set(keyOf(alarm.alarmId, alarm.entityInstanceId), alarm);
  const current = new Map(original);
  const touched = new Set<string>();
  const events: NewEvent[] = [];
  const results: AlarmChangeResult[] = [];

  /** The record of a set or clear: as fm records it, a clear keeps the alarm's severity and reason. */
  const record = (alarm: AlarmRecord, state: 'set' | 'clear', previousSeverity: Severity | null): NewEvent => ({
    uuid: newUuid(),
    eventLogId: alarm.alarmId,
    state,
    entityTypeId: alarm.entityTypeId,
    entityInstanceId: alarm.entityInstanceId,
    timestamp: now,
    severity: alarm.severity,
    reasonText: alarm.reasonText,
    eventLogType: alarm.alarmType,
    probableCause: alarm.probableCause,
    repairAction: alarm.repairAction,
    serviceAffecting: alarm.serviceAffecting,
    suppression: alarm.suppression,
    alarmUuid: alarm.uuid,
    previousSeverity,
  });

  const clearOne = (key: string, alarm: AlarmRecord): void => {
    current.delete(key);
    touched.add(key);
    events.push(record(alarm, 'clear', alarm.severity));
  };

  for (const change of changes) {
    switch (change.kind) {
      case 'set': {
        const input = change.alarm;
        const key = keyOf(input.alarmId, input.entityInstanceId);
        const before = current.get(key);
        const alarm: AlarmRecord = { ...input, uuid: before?.uuid ?? newUuid(), timestamp: now };
        current.set(key, alarm);
        touched.add(key);
        events.push(record(alarm, 'set', before?.severity ?? null));
        results.push({ kind: 'set', alarm, created: before === undefined });
        break;
      }
      case 'clear': {
        const key = keyOf(change.alarmId, change.entityInstanceId);
        const alarm = current.get(key);
        if (alarm) clearOne(key, alarm);
        results.push({ kind: 'clear', cleared: alarm ? [alarm] : [] });
        break;
      }
      case 'clear-uuid': {
        const found = [...current.entries()].find(([, alarm]) => alarm.uuid === change.uuid);
        if (found) clearOne(found[0], found[1]);
        results.push({ kind: 'clear', cleared: found ? [found[1]] : [] });
        break;
      }
      case 'clear-tree': {
        const cleared: AlarmRecord[] = [];
        for (const [key, alarm] of [...current.entries()]) {
          if (!inTree(alarm.entityInstanceId, change.entityInstanceId)) continue;
          if (change.alarmIds !== null && !change.alarmIds.includes(alarm.alarmId)) continue;
          clearOne(key, alarm);
          cleared.push(alarm);
        }
        results.push({ kind: 'clear', cleared });
        break;
      }
      case 'log': {
        const entry = change.entry;
        const event: NewEvent = { ...entry, uuid: newUuid(), state: 'log', timestamp: now, repairAction: '', alarmUuid: null, previousSeverity: null };
        events.push(event);
        results.push({ kind: 'log', event });
        break;
      }
    }
  }

  const upserts: AlarmRecord[] = [];
  const removals: string[] = [];
  for (const key of touched) {
    const before = original.get(key);
    const after = current.get(key);
    if (before && before.uuid !== after?.uuid) removals.push(before.uuid);
    if (after && after !== before) upserts.push(after);
  }
  return { results, events, upserts, removals };
}
