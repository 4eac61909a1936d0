import { AppError } from '../errors/app-error.js';
import type { AlarmRecord } from './fault-records.js';

/** The alarm fields a silence can match on. */
export const SILENCE_MATCHER_FIELDS = ['alarm_id', 'entity_instance_id', 'entity_type_id', 'severity'] as const;
export type SilenceMatcherField = (typeof SILENCE_MATCHER_FIELDS)[number];

/**
 * One condition of a silence, as Alertmanager writes them: equal (`=`), not equal (`!=`),
 * regular-expression match (`=~`) or non-match (`!~`). Expressions match the whole value.
 */
export interface SilenceMatcher {
  readonly name: SilenceMatcherField;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Mutes the alarms its matchers all match, from `startsAt` until `endsAt`. */
export interface SilenceRecord {
  readonly uuid: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly createdBy: string;
  readonly comment: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdAt: number;
}

export const MAX_SILENCE_MATCHERS = 16;
const MAX_MATCHER_VALUE = 255;

export function silenceState(silence: SilenceRecord, now: number): SilenceState {
  if (now >= silence.endsAt) return 'expired';
  return now < silence.startsAt ? 'pending' : 'active';
}

/** Writes a matcher the way operators type it: `alarm_id=100.101`, `entity_instance_id=~host=.*`. */
export function formatMatcher(matcher: SilenceMatcher): string {
  const op = (matcher.isEqual ? '=' : '!') + (matcher.isRegex ? '~' : matcher.isEqual ? '' : '=');
  return `${matcher.name}${op}${matcher.value}`;
}

/** Reads `name=value`, `name!=value`, `name=~regex` or `name!~regex`. */
export function parseMatcher(text: string): SilenceMatcher {
  const match = /^([a-z_]+)(=~|!~|!=|=)(.*)$/s.exec(text);
  if (!match) throw new AppError('INVALID_INPUT', `matcher "${text}" is not of the form name=value, name!=value, name=~regex or name!~regex`, { field: 'matchers' });
  const [, name, op, value] = match as unknown as [string, string, string, string];
  return checkMatcher({ name: name as SilenceMatcherField, value, isRegex: op.endsWith('~'), isEqual: op.startsWith('=') });
}

function anchored(value: string): RegExp {
  return new RegExp(`^(?:${value})$`, 'u');
}

/** Refuses a matcher on an unknown field, an empty or overlong value, or a broken expression. */
export function checkMatcher(matcher: SilenceMatcher): SilenceMatcher {
  if (!(SILENCE_MATCHER_FIELDS as readonly string[]).includes(matcher.name)) {
    throw new AppError('INVALID_INPUT', `matcher field "${matcher.name}" is not one of ${SILENCE_MATCHER_FIELDS.join(', ')}`, { field: 'matchers' });
  }
  if (matcher.value.length === 0 || matcher.value.length > MAX_MATCHER_VALUE) {
    throw new AppError('INVALID_INPUT', `matcher ${matcher.name} needs a value of 1 to ${MAX_MATCHER_VALUE} characters`, { field: 'matchers' });
  }
  if (matcher.isRegex) {
    try {
      anchored(matcher.value);
    } catch {
      throw new AppError('INVALID_INPUT', `matcher ${matcher.name} has an invalid regular expression: ${matcher.value}`, { field: 'matchers' });
    }
  }
  return matcher;
}

/** A compiled silence: answers quickly whether it mutes an alarm. */
export interface SilenceTest {
  readonly silence: SilenceRecord;
  mutes(alarm: Pick<AlarmRecord, 'alarmId' | 'entityInstanceId' | 'entityTypeId' | 'severity'>): boolean;
}

function fieldValue(alarm: Pick<AlarmRecord, 'alarmId' | 'entityInstanceId' | 'entityTypeId' | 'severity'>, name: SilenceMatcherField): string {
  switch (name) {
    case 'alarm_id':
      return alarm.alarmId;
    case 'entity_instance_id':
      return alarm.entityInstanceId;
    case 'entity_type_id':
      return alarm.entityTypeId;
    case 'severity':
      return alarm.severity;
  }
}

export function compileSilence(silence: SilenceRecord): SilenceTest {
  const tests = silence.matchers.map((matcher) => {
    const expression = matcher.isRegex ? anchored(matcher.value) : null;
    return (value: string): boolean => {
      const hit = expression ? expression.test(value) : value === matcher.value;
      return hit === matcher.isEqual;
    };
  });
  return {
    silence,
    mutes: (alarm) => silence.matchers.every((matcher, i) => tests[i]!(fieldValue(alarm, matcher.name))),
  };
}
