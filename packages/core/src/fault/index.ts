/**
 * Fault management (fm): the alarm catalogue, alarms and events, suppression, silences and
 * receivers. `@murmuration/core/fault`.
 */
export { SEVERITIES, ALARM_TYPES, PROBABLE_CAUSES, severityRank, reachesThreshold } from './alarm-definition.js';
export type {
  Severity, EventSeverity, SeverityThreshold, AlarmType, ProbableCause, EventKind, AlarmDefinition,
} from './alarm-definition.js';
export { ALARM_CATALOGUE, findAlarmDefinition, isAlarmId } from './alarm-catalogue.js';
export { ALARM_IDS } from './alarm-ids.js';
export type { PlatformAlarmId, PlatformAlarmName } from './alarm-ids.js';
export { FM_QUERY_OPS, boundTest, passesTextTests, textTest } from './fm-filter.js';
export type { CompareOp, FmQueryOp, TextFieldKind, TextTest, TimeTest } from './fm-filter.js';
export {
  MAX_ENTITY_ID, MAX_REASON_TEXT, entityTypeOf, isBelow, requireDefinition, requireAlarmDefinition, checkSeverity,
  checkEntityInstanceId, checkReasonText, isManagementAffecting, isDegradeAffecting, summaryStatus, buildAlarmSet,
  buildLogEntry,
} from './alarm-rules.js';
export type { SeverityCounts, RaiseInput } from './alarm-rules.js';
export type {
  AlarmRecord, EventState, EventRecord, NewEvent, SuppressionStatus, SuppressionRecord,
} from './fault-records.js';
export { changeScope, planAlarmChanges } from './alarm-changes.js';
export type {
  AlarmSet, LogEntry, AlarmChange, AlarmChangeResult, AlarmChangePlan, AlarmChangeScope,
} from './alarm-changes.js';
export {
  SILENCE_MATCHER_FIELDS, MAX_SILENCE_MATCHERS, silenceState, formatMatcher, parseMatcher, checkMatcher,
  compileSilence,
} from './silence.js';
export type { SilenceMatcherField, SilenceMatcher, SilenceState, SilenceRecord, SilenceTest } from './silence.js';
export { RECEIVER_KINDS, checkReceiverName, checkReceiverUrl } from './receiver.js';
export type { ReceiverKind, ReceiverRecord } from './receiver.js';
