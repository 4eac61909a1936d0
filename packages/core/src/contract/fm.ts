import Type, { type Static } from 'typebox';
import { Link } from './common.js';

const TrueFalse = Type.Union([Type.Literal('True'), Type.Literal('False')]);
const Text = Type.String();
const NullableBool = Type.Union([Type.Boolean(), Type.Null()]);

/** An alarm in a listing without `expand`: the fields fm keeps (reference §4.2). */
export const AlarmListItem = Type.Object({
  uuid: Text,
  alarm_id: Text,
  entity_instance_id: Text,
  severity: Text,
  timestamp: Text,
  reason_text: Text,
  suppression_status: Text,
  mgmt_affecting: TrueFalse,
  degrade_affecting: TrueFalse,
  silenced_by: Type.Optional(Type.Array(Text, { description: 'with muting=True: active silences that match' })),
  inhibited_by: Type.Optional(Type.Array(Text, { description: 'with muting=True: uuids of the alarms that inhibit it' })),
});
export type AlarmListItem = Static<typeof AlarmListItem>;

/** An alarm with every field: show, and listings with `expand`. */
export const AlarmObject = Type.Object({
  uuid: Text,
  alarm_id: Text,
  alarm_state: Text,
  entity_type_id: Text,
  entity_instance_id: Text,
  timestamp: Text,
  severity: Text,
  reason_text: Text,
  alarm_type: Text,
  probable_cause: Text,
  proposed_repair_action: Text,
  service_affecting: NullableBool,
  suppression: NullableBool,
  suppression_status: Text,
  mgmt_affecting: TrueFalse,
  degrade_affecting: TrueFalse,
  silenced_by: Type.Optional(Type.Array(Text)),
  inhibited_by: Type.Optional(Type.Array(Text)),
});
export type AlarmObject = Static<typeof AlarmObject>;

export const AlarmCollection = Type.Object({
  alarms: Type.Array(Type.Union([AlarmObject, AlarmListItem])),
  next: Type.Optional(Text),
});
export type AlarmCollection = Static<typeof AlarmCollection>;

const QueryPart = Type.Union([
  Type.String({ maxLength: 255 }),
  Type.Array(Type.String({ maxLength: 255 }), { maxItems: 20 }),
]);
const Flag = Type.String({ maxLength: 16, description: 'True; False, 0 or an empty value mean false' });

/** fm's filter encoding: parallel `q.field`, `q.op`, `q.type`, `q.value` lists, matched by position. */
const FilterParams = {
  'q.field': Type.Optional(QueryPart),
  'q.op': Type.Optional(QueryPart),
  'q.type': Type.Optional(QueryPart),
  'q.value': Type.Optional(QueryPart),
};

export const AlarmListQuery = Type.Object(
  {
    ...FilterParams,
    include_suppress: Type.Optional(Flag),
    expand: Type.Optional(Flag),
    muting: Type.Optional(Flag),
    limit: Type.Optional(Type.Integer({ minimum: 0, description: 'at most 2000 (the default)' })),
    marker: Type.Optional(Type.String({ maxLength: 64 })),
    sort_key: Type.Optional(Type.String({ maxLength: 40 })),
    sort_dir: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

export const AlarmShowQuery = Type.Object({ muting: Type.Optional(Flag) }, { additionalProperties: false });

export const AlarmSummary = Type.Object({
  critical: Type.Integer(),
  major: Type.Integer(),
  minor: Type.Integer(),
  warnings: Type.Integer(),
  status: Type.Union([Type.Literal('OK'), Type.Literal('degraded'), Type.Literal('critical')]),
});
export type AlarmSummary = Static<typeof AlarmSummary>;

export const SummaryQuery = Type.Object({ include_suppress: Type.Optional(Flag) }, { additionalProperties: false });

/** `POST /fm/v1/alarms`: the Alarm object an external raiser sends (set, clear, log or msg). */
export const AlarmPostBody = Type.Object(
  {
    alarm_id: Type.String({ maxLength: 16 }),
    alarm_state: Type.String({ maxLength: 16, description: 'set, clear, log or msg' }),
    entity_instance_id: Type.String({ maxLength: 255 }),
    severity: Type.Optional(Type.String({ maxLength: 16 })),
    entity_type_id: Type.Optional(Type.String({ maxLength: 255 })),
    reason_text: Type.Optional(Type.String({ maxLength: 255 })),
    alarm_type: Type.Optional(Type.String({ maxLength: 64 })),
    probable_cause: Type.Optional(Type.String({ maxLength: 64 })),
    proposed_repair_action: Type.Optional(Type.String({ maxLength: 1024 })),
    service_affecting: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 8 })])),
    suppression: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 8 })])),
    inhibit_alarms: Type.Optional(Type.Boolean()),
    uuid: Type.Optional(Type.String({ maxLength: 64, description: 'for a clear: the alarm to clear' })),
    timestamp: Type.Optional(Type.String({ maxLength: 64, description: 'ignored: the controller stamps the time it commits' })),
    suppression_status: Type.Optional(Type.String({ maxLength: 16 })),
    mgmt_affecting: Type.Optional(Type.String({ maxLength: 8 })),
    degrade_affecting: Type.Optional(Type.String({ maxLength: 8 })),
    links: Type.Optional(Type.Array(Link)),
  },
  { additionalProperties: false },
);
export type AlarmPostBody = Static<typeof AlarmPostBody>;

/** An event-log record without `expand`. */
export const EventListItem = Type.Object({
  uuid: Text,
  event_log_id: Text,
  state: Text,
  entity_instance_id: Text,
  severity: Text,
  timestamp: Text,
  reason_text: Text,
  suppression_status: Text,
});
export type EventListItem = Static<typeof EventListItem>;

export const EventObject = Type.Object({
  uuid: Text,
  event_log_id: Text,
  state: Text,
  entity_type_id: Text,
  entity_instance_id: Text,
  timestamp: Text,
  severity: Text,
  reason_text: Text,
  event_log_type: Text,
  probable_cause: Text,
  proposed_repair_action: Text,
  service_affecting: NullableBool,
  suppression: NullableBool,
  suppression_status: Text,
});
export type EventObject = Static<typeof EventObject>;

export const EventCollection = Type.Object({
  event_log: Type.Array(Type.Union([EventObject, EventListItem])),
  next: Type.Optional(Text),
});
export type EventCollection = Static<typeof EventCollection>;

export const EventListQuery = Type.Object(
  {
    ...FilterParams,
    alarms: Type.Optional(Flag),
    logs: Type.Optional(Flag),
    include_suppress: Type.Optional(Flag),
    expand: Type.Optional(Flag),
    limit: Type.Optional(Type.Integer({ minimum: 0, description: 'default 2000, at most 10000' })),
    marker: Type.Optional(Type.String({ maxLength: 64 })),
    sort_key: Type.Optional(Type.String({ maxLength: 40 })),
    sort_dir: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

export const SuppressionObject = Type.Object({
  id: Type.Optional(Type.Integer()),
  uuid: Text,
  alarm_id: Text,
  description: Text,
  suppression_status: Text,
  links: Type.Array(Link),
});
export type SuppressionObject = Static<typeof SuppressionObject>;

export const SuppressionCollection = Type.Object({ event_suppression: Type.Array(SuppressionObject) });
export type SuppressionCollection = Static<typeof SuppressionCollection>;

export const SuppressionListQuery = Type.Object(
  {
    ...FilterParams,
    limit: Type.Optional(Type.String({ maxLength: 8 })),
    marker: Type.Optional(Type.String({ maxLength: 64 })),
    sort_key: Type.Optional(Type.String({ maxLength: 40 })),
    sort_dir: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

/** `PATCH /fm/v1/event_suppression/{uuid}`: a JSON-patch list; only `/suppression_status` may change. */
export const SuppressionPatchBody = Type.Array(
  Type.Object(
    {
      op: Type.Union([Type.Literal('replace'), Type.Literal('add'), Type.Literal('remove')]),
      path: Type.String({ minLength: 2, maxLength: 64 }),
      value: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 100 },
);
export type SuppressionPatchBody = Static<typeof SuppressionPatchBody>;

export const FmIdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
