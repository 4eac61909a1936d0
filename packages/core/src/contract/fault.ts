/**
 * The fault domain's wire contract: fm's alarms, events and suppression, and the silences and
 * receivers beside them. `@murmuration/core/contract/fault`.
 */
export {
  AlarmCollection, AlarmListItem, AlarmListQuery, AlarmObject, AlarmPostBody, AlarmShowQuery, AlarmSummary,
  EventCollection, EventListItem, EventListQuery, EventObject, FmIdParam, SummaryQuery, SuppressionCollection,
  SuppressionListQuery, SuppressionObject, SuppressionPatchBody,
} from './fm.js';
export {
  ReceiverCollection, ReceiverCreateBody, ReceiverObject, ReceiverParam, ReceiverUpdateBody, SilenceCollection,
  SilenceCreateBody, SilenceListQuery, SilenceMatcherObject, SilenceObject, SilenceParam,
} from './fm-extensions.js';
