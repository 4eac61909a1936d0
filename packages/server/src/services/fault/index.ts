export { createFaultService } from './fault-service.js';
export { ALARM_SORT_KEYS } from '@murmuration/store';
export type { AlarmSortKey } from '@murmuration/store';
export type {
  FaultService,
  FaultSettings,
  AlarmView,
  AlarmListQuery,
  EventListQuery,
  SilenceInput,
  ReceiverInput,
  ReceiverStatus,
} from './fault-service.js';
export type { ChangeAudit } from './fault-writer.js';
export type { InhibitRule, Muting } from './mute-view.js';
export type { DeliverySettings } from './receiver-dispatcher.js';
export type { EventFeed } from './event-feed.js';
export { changeKindOf } from './receiver-payloads.js';
export type { AlarmChangeKind } from './receiver-payloads.js';
export { FAULT_CONFIG } from './fault-config.js';
export type { FaultConfig, InhibitRuleConfig } from './fault-config.js';
