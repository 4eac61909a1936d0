import { AppError } from '../errors/app-error.js';
import { findAlarmDefinition, isAlarmId } from './alarm-catalogue.js';
import type { AlarmSet, LogEntry } from './alarm-changes.js';
import { ALARM_TYPES, PROBABLE_CAUSES, reachesThreshold, SEVERITIES, type AlarmDefinition, type EventSeverity, type Severity } from './alarm-definition.js';

/** Longest entity instance id and reason text the event log keeps, as fm's columns do. */
export const MAX_ENTITY_ID = 255;
export const MAX_REASON_TEXT = 255;

/** A key starts every dotted part of an entity instance id: `host=compute-1.ntp=10.0.0.1` has two parts. */
const PART_BOUNDARY = /\.(?=[A-Za-z_][A-Za-z0-9_-]*=)/;

/** The entity type an instance id implies: `host=compute-1.process=sm` → `host.process`. */
export function entityTypeOf(entityInstanceId: string): string {
  return entityInstanceId
    .split(PART_BOUNDARY)
    .map((part) => part.split('=')[0]!)
    .join('.');
}

/** Is `entity` strictly below `ancestor` (`host=h.port=p` is below `host=h`)? */
export function isBelow(entity: string, ancestor: string): boolean {
  return entity.length > ancestor.length + 1 && entity.startsWith(ancestor) && entity[ancestor.length] === '.' && PART_BOUNDARY.test(entity.slice(ancestor.length));
}

/** The catalogue entry for an id, or a 400 naming the field. */
export function requireDefinition(alarmId: string, field = 'alarm_id'): AlarmDefinition {
  if (!isAlarmId(alarmId)) throw new AppError('INVALID_INPUT', `${field} "${alarmId}" is not of the form NNN.NNN`, { field });
  const definition = findAlarmDefinition(alarmId);
  if (!definition) throw new AppError('INVALID_INPUT', `${field} ${alarmId} is not in the alarm catalogue`, { field });
  return definition;
}

/** The catalogue entry of an alarm (not a log), or a 400. */
export function requireAlarmDefinition(alarmId: string): AlarmDefinition {
  const definition = requireDefinition(alarmId);
  if (definition.kind !== 'alarm') throw new AppError('INVALID_INPUT', `alarm_id ${alarmId} is a log, not an alarm: it can be logged but not set or cleared`, { field: 'alarm_id' });
  return definition;
}

/** Refuses a severity that is not one of the four, or that the catalogue does not allow for the id. */
export function checkSeverity(definition: AlarmDefinition, severity: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    throw new AppError('INVALID_INPUT', `severity "${severity}" is not one of ${SEVERITIES.join(', ')}`, { field: 'severity' });
  }
  if (definition.kind === 'alarm' && !definition.severities.includes(severity as Severity)) {
    throw new AppError('INVALID_INPUT', `severity ${severity} is not allowed for ${definition.id}; allowed: ${definition.severities.join(', ')}`, { field: 'severity' });
  }
  return severity as Severity;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function checkEntityInstanceId(value: string | undefined, field = 'entity_instance_id'): string {
  if (value === undefined || value.trim().length === 0) throw new AppError('INVALID_INPUT', `${field} is required`, { field });
  if (value.length > MAX_ENTITY_ID) throw new AppError('INVALID_INPUT', `${field} is longer than ${MAX_ENTITY_ID} characters`, { field });
  if (hasControlCharacter(value)) throw new AppError('INVALID_INPUT', `${field} contains control characters`, { field });
  return value;
}

export function checkReasonText(value: string): string {
  if (value.length > MAX_REASON_TEXT) throw new AppError('INVALID_INPUT', `reason_text is longer than ${MAX_REASON_TEXT} characters`, { field: 'reason_text' });
  return value;
}

/** Does this alarm at this severity block orchestration (fm's `mgmt_affecting`)? */
export function isManagementAffecting(alarmId: string, severity: Severity): boolean {
  const definition = findAlarmDefinition(alarmId);
  return definition !== undefined && reachesThreshold(severity, definition.managementAffecting);
}

/** Does this alarm at this severity mark its host degraded (fm's `degrade_affecting`)? */
export function isDegradeAffecting(alarmId: string, severity: Severity): boolean {
  const definition = findAlarmDefinition(alarmId);
  return definition !== undefined && reachesThreshold(severity, definition.degradeAffecting);
}

export interface SeverityCounts {
  readonly critical: number;
  readonly major: number;
  readonly minor: number;
  readonly warnings: number;
}

/** fm's summary status: critical if any critical, degraded if any major or minor, else OK. */
export function summaryStatus(counts: SeverityCounts): 'OK' | 'degraded' | 'critical' {
  if (counts.critical > 0) return 'critical';
  return counts.major > 0 || counts.minor > 0 ? 'degraded' : 'OK';
}

/** What a raiser says about an alarm; the catalogue fills in what it leaves out. */
export interface RaiseInput {
  readonly alarmId: string;
  readonly entityInstanceId: string;
  readonly severity: string;
  readonly reasonText?: string;
  readonly entityTypeId?: string;
  readonly alarmType?: string;
  readonly probableCause?: string;
  readonly repairAction?: string;
  readonly serviceAffecting?: boolean;
  readonly suppression?: boolean;
  readonly inhibitsBelow?: boolean;
}

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new AppError('INVALID_INPUT', `${field} "${value}" is not one of the known values`, { field });
  return value as T;
}

/** Checks a raise against the catalogue and completes it, or throws a 400 naming the field. */
export function buildAlarmSet(input: RaiseInput): AlarmSet {
  const definition = requireAlarmDefinition(input.alarmId);
  const entityInstanceId = checkEntityInstanceId(input.entityInstanceId);
  return {
    alarmId: definition.id,
    entityInstanceId,
    entityTypeId: input.entityTypeId || entityTypeOf(entityInstanceId),
    severity: checkSeverity(definition, input.severity),
    reasonText: checkReasonText(input.reasonText || definition.description),
    alarmType: oneOf('alarm_type', input.alarmType, ALARM_TYPES, definition.alarmType),
    probableCause: oneOf('probable_cause', input.probableCause, PROBABLE_CAUSES, definition.probableCause),
    repairAction: (input.repairAction || definition.repairAction).slice(0, 1024),
    serviceAffecting: input.serviceAffecting ?? definition.serviceAffecting,
    suppression: input.suppression ?? definition.suppressible,
    inhibitsBelow: input.inhibitsBelow ?? definition.inhibitsBelow,
  };
}

/** Checks a log record against the catalogue and completes it. */
export function buildLogEntry(input: RaiseInput): LogEntry {
  const definition = requireDefinition(input.alarmId);
  const entityInstanceId = checkEntityInstanceId(input.entityInstanceId);
  const severity: EventSeverity =
    input.severity === 'not-applicable' ? 'not-applicable' : checkSeverity({ ...definition, kind: 'log' }, input.severity);
  return {
    eventLogId: definition.id,
    entityInstanceId,
    entityTypeId: input.entityTypeId || entityTypeOf(entityInstanceId),
    severity,
    reasonText: checkReasonText(input.reasonText || definition.description),
    eventLogType: oneOf('alarm_type', input.alarmType, ALARM_TYPES, definition.alarmType),
    probableCause: oneOf('probable_cause', input.probableCause, PROBABLE_CAUSES, definition.probableCause),
    serviceAffecting: input.serviceAffecting ?? definition.serviceAffecting,
    suppression: input.suppression ?? definition.suppressible,
  };
}
