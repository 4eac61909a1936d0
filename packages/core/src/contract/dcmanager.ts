import Type, { type Static } from 'typebox';

/**
 * dcmanager's API (`/dcmanager/v1.0`) as the `dcmanager` client reads it: keys spelled per object as dcmanager
 * spells them (hyphens and underscores mixed), every key the client cannot do without present (null where this
 * controller has nothing to say), times as pecan writes them.
 */

const Text = Type.String();
const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Int = Type.Integer();

export const EndpointSyncObject = Type.Object({ endpoint_type: Text, sync_status: Text });

const SUBCLOUD_KEYS = {
  id: Int,
  name: Text,
  description: NullableText,
  location: NullableText,
  'software-version': Text,
  'management-state': Text,
  'availability-status': Text,
  'deploy-status': Text,
  /** The management network of a remotely installed subcloud: none here (null). */
  'management-subnet': NullableText,
  'management-start-ip': NullableText,
  'management-end-ip': NullableText,
  'management-gateway-ip': NullableText,
  'systemcontroller-gateway-ip': NullableText,
  'created-at': Text,
  'updated-at': NullableText,
  group_id: Int,
  peer_group_id: Type.Union([Int, Type.Null()]),
  rehome_data: NullableText,
  'error-description': Text,
  'region-name': Text,
  'backup-status': NullableText,
  'backup-datetime': NullableText,
  'prestage-status': NullableText,
  'prestage-versions': NullableText,
  'openstack-installed': Type.Boolean(),
  data_install: NullableText,
  data_upgrade: NullableText,
  /** This controller's own: where the subcloud is, and the URL it is reached at. */
  latitude: NullableNumber,
  longitude: NullableNumber,
  url: Text,
};

/** A subcloud; `sync_status` and `endpoint_sync_status` (sorted by endpoint type) on list and show only. */
export const SubcloudObject = Type.Object({
  ...SUBCLOUD_KEYS,
  sync_status: Type.Optional(Text),
  endpoint_sync_status: Type.Optional(Type.Array(EndpointSyncObject)),
});
export type SubcloudObject = Static<typeof SubcloudObject>;

/** `GET /subclouds/{ref}/detail`: the subcloud with the three keys `show --detail` requires. */
export const SubcloudDetailObject = Type.Object({
  ...SUBCLOUD_KEYS,
  sync_status: Text,
  endpoint_sync_status: Type.Array(EndpointSyncObject),
  /** `unavailable` unless the subcloud is online: then the host it is reached at. */
  oam_floating_ip: Text,
  deploy_config_sync_status: Text,
  region_name: Text,
});
export type SubcloudDetailObject = Static<typeof SubcloudDetailObject>;

/** `GET /subclouds/`: every subcloud, or with `limit` one page of them in id order, `next_marker` the next page's. */
export const SubcloudList = Type.Object({
  subclouds: Type.Array(SubcloudObject),
  next_marker: Type.Optional(Type.Union([Int, Type.Null()])),
});

export const SubcloudListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'At most this many subclouds, in id order' })),
  marker: Type.Optional(Type.Integer({ minimum: 0, description: 'Only subclouds with a higher id (the last id of the page before)' })),
});

export const SubcloudRefParam = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 255, description: 'An id, or a name' }) });

export const SubcloudDeleteQuery = Type.Object({
  force: Type.Optional(Type.String({ maxLength: 16, description: 'true: delete an unmanaged subcloud even while it is online' })),
});

/** `GET /subclouds/summary` (this controller's own): the fleet by management state, availability and sync status. */
export const FleetSummary = Type.Object({
  summary: Type.Object({
    total: Int,
    management_state: Type.Record(Type.String(), Int),
    availability_status: Type.Record(Type.String(), Int),
    sync_status: Type.Record(Type.String(), Int),
    counts: Type.Array(
      Type.Object({ management_state: Text, availability_status: Text, sync_status: Text, count: Int }),
    ),
  }),
  /** What the audit of the replica answering has done since it started, and how far behind the fleet's audit is. */
  audit: Type.Object({
    replica: Text,
    audits: Int, unchanged: Int, reports: Int, failures: Int, syncs: Int, sync_failures: Int, in_flight: Int,
    lag_seconds: Type.Number(),
    overrun: Type.Boolean(),
  }),
});
export type FleetSummary = Static<typeof FleetSummary>;

/** A subcloud group: all keys underscored but the times. */
export const SubcloudGroupObject = Type.Object({
  id: Int,
  name: Text,
  description: Text,
  update_apply_type: Text,
  max_parallel_subclouds: Int,
  'created-at': Text,
  'updated-at': NullableText,
  subcloud_count: Type.Optional(Int),
});
export type SubcloudGroupObject = Static<typeof SubcloudGroupObject>;

export const SubcloudGroupList = Type.Object({ subcloud_groups: Type.Array(SubcloudGroupObject) });

/** The number the StarlingX client sends as text when the user typed it. */
const MaxParallel = Type.Union([Type.Integer(), Type.String({ maxLength: 16 })]);

export const SubcloudGroupCreateBody = Type.Object(
  {
    name: Type.String({ maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 255 })),
    update_apply_type: Type.Optional(Type.String({ maxLength: 32 })),
    max_parallel_subclouds: Type.Optional(MaxParallel),
  },
  { additionalProperties: false },
);

export const SubcloudGroupUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 255 })),
    update_apply_type: Type.Optional(Type.String({ maxLength: 32 })),
    max_parallel_subclouds: Type.Optional(MaxParallel),
  },
  { additionalProperties: false },
);

/** One subcloud in the central alarm summary; counts are -1 while it is unmanaged or offline. */
export const AlarmSummaryObject = Type.Object({
  /** The subcloud's name, as dcmanager puts it there. */
  region_name: Text,
  uuid: Text,
  critical_alarms: Int,
  major_alarms: Int,
  minor_alarms: Int,
  warnings: Int,
  cloud_status: Text,
});

export const AlarmSummaryList = Type.Object({ alarm_summary: Type.Array(AlarmSummaryObject) });

/** `PATCH /subclouds/{ref}/prestage`: checked by the service with dcmanager's messages, so any JSON object is taken. */
export const SubcloudPrestageBody = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'sysadmin_password (base64), release, for_install | for_sw_deploy ("true"), force ("true")',
});

/** The prestage's answer: the subcloud (`prestage-status` prestaging) and the release it is prestaged. */
export const SubcloudPrestageAnswer = Type.Object({
  ...SUBCLOUD_KEYS,
  'prestage-software-version': Text,
});
export type SubcloudPrestageAnswer = Static<typeof SubcloudPrestageAnswer>;

/** This controller's own: `GET /subclouds/{ref}/prestage`, where its latest prestage stands. */
export const SubcloudPrestageProgress = Type.Object({
  subcloud: Text,
  /** The subcloud's `prestage-status`: null before its first prestage. */
  status: NullableText,
  release: NullableText,
  for_sw_deploy: Type.Union([Type.Boolean(), Type.Null()]),
  bytes_sent: Int,
  bytes_total: Int,
  percent: Int,
  /** The latest sending rate, bytes per second. */
  rate_bps: Int,
  /** Offers made: one per attempt (a retry after a failure, a resume after a restart). */
  attempts: Int,
  /** Where the latest attempt began (0: from the start). */
  resumed_from_bytes: Int,
  error: NullableText,
  'prestage-versions': NullableText,
  'started-at': NullableText,
  'finished-at': NullableText,
  'updated-at': NullableText,
});
export type SubcloudPrestageProgress = Static<typeof SubcloudPrestageProgress>;
