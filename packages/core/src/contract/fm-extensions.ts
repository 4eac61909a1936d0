import Type, { type Static } from 'typebox';
import { UuidPattern } from './common.js';

/** One matcher of a silence, spelt as Alertmanager's API spells it. */
export const SilenceMatcherObject = Type.Object(
  {
    name: Type.String({ description: 'alarm_id, entity_instance_id, entity_type_id or severity', maxLength: 40 }),
    value: Type.String({ maxLength: 255 }),
    isRegex: Type.Optional(Type.Boolean({ default: false, description: 'value is a regular expression matched against the whole field' })),
    isEqual: Type.Optional(Type.Boolean({ default: true, description: 'false inverts the match' })),
  },
  { additionalProperties: false },
);

export const SilenceObject = Type.Object({
  uuid: Type.String(),
  matchers: Type.Array(
    Type.Object({ name: Type.String(), value: Type.String(), isRegex: Type.Boolean(), isEqual: Type.Boolean() }),
  ),
  created_by: Type.String(),
  comment: Type.String(),
  starts_at: Type.String(),
  ends_at: Type.String(),
  created_at: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('expired')]),
});
export type SilenceObject = Static<typeof SilenceObject>;

export const SilenceCreateBody = Type.Object(
  {
    matchers: Type.Array(SilenceMatcherObject, { description: 'all must match; at least one' }),
    comment: Type.String({ maxLength: 1000, description: 'why the alarms are silenced' }),
    created_by: Type.Optional(Type.String({ maxLength: 255, description: 'defaults to the caller' })),
    starts_at: Type.Optional(Type.String({ maxLength: 64, description: 'ISO-8601; defaults to now' })),
    ends_at: Type.Optional(Type.String({ maxLength: 64, description: 'ISO-8601; give this or duration' })),
    duration: Type.Optional(Type.String({ maxLength: 16, description: 'e.g. 90m, 2h, 1d; from starts_at' })),
  },
  { additionalProperties: false },
);
export type SilenceCreateBody = Static<typeof SilenceCreateBody>;

export const SilenceCollection = Type.Object({ silences: Type.Array(SilenceObject) });
export type SilenceCollection = Static<typeof SilenceCollection>;

export const SilenceListQuery = Type.Object(
  { state: Type.Optional(Type.String({ pattern: '^(pending|active|expired)(,(pending|active|expired))*$', description: 'comma-separated states' })) },
  { additionalProperties: false },
);

export const ReceiverObject = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.Literal('webhook'), Type.Literal('alertmanager')]),
  url: Type.String(),
  fleet_wide: Type.Boolean({ description: 'pushed to every subcloud (on a subcloud: pushed by the system controller)' }),
  created_at: Type.String(),
  delivered_seq: Type.Integer({ description: 'event-log sequence number delivered up to' }),
  pending: Type.Integer({ description: 'event-log records not yet past this receiver' }),
  last_success_at: Type.Union([Type.String(), Type.Null()]),
  last_attempt_at: Type.Union([Type.String(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  failures: Type.Integer({ description: 'consecutive failed attempts' }),
  dropped: Type.Integer({ description: 'changes trimmed from the event log before delivery' }),
});
export type ReceiverObject = Static<typeof ReceiverObject>;

export const ReceiverCreateBody = Type.Object(
  {
    name: Type.String({ maxLength: 63 }),
    type: Type.Union([Type.Literal('webhook'), Type.Literal('alertmanager')], { description: 'webhook: JSON POST of each run of changes; alertmanager: the base URL of a Prometheus Alertmanager' }),
    url: Type.String({ maxLength: 2048 }),
    fleet_wide: Type.Optional(Type.Boolean({ default: false, description: 'on a system controller, pushed to every subcloud' })),
  },
  { additionalProperties: false },
);
export type ReceiverCreateBody = Static<typeof ReceiverCreateBody>;

/** What a receiver's modify changes: each field given, at least one. */
export const ReceiverUpdateBody = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('webhook'), Type.Literal('alertmanager')])),
    url: Type.Optional(Type.String({ maxLength: 2048 })),
    fleet_wide: Type.Optional(Type.Boolean({ description: 'on a system controller, pushed to every subcloud' })),
  },
  { additionalProperties: false },
);
export type ReceiverUpdateBody = Static<typeof ReceiverUpdateBody>;

export const ReceiverCollection = Type.Object({ receivers: Type.Array(ReceiverObject) });
export type ReceiverCollection = Static<typeof ReceiverCollection>;

export const ReceiverParam = Type.Object({ id: Type.String({ maxLength: 64, description: 'uuid or name' }) });
export const SilenceParam = Type.Object({ uuid: Type.String({ pattern: UuidPattern }) });
