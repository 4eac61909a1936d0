import Type, { type Static } from 'typebox';
import { DC_ENDPOINT_TYPES } from '../dc/sync-status.js';

/**
 * What a subcloud serves its system controller (the `dcagent` family, `/dcagent/v1`): joining,
 * and one aggregate audit answer per audit. A hollow subcloud serves the same documents.
 */

const Text = (maxLength = 255) => Type.String({ maxLength });
const Count = Type.Integer({ minimum: 0 });

/** The header a join token may also be sent in (instead of the body's `join_token`). */
export const JOIN_TOKEN_PREFIX = 'mjt-';

/**
 * `POST /dcagent/v1/join`: a system controller adopts this controller as its subcloud `name`.
 * Authorised by a one-time join token (`join_token`) or by an admin's X-Auth-Token.
 */
export const DcJoinRequest = Type.Object(
  {
    join_token: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    name: Type.String({ minLength: 1, maxLength: 63 }),
    system_controller: Type.Object(
      {
        /** The system controller's own region (RegionOne or what it runs as). */
        region: Text(64),
        /** Its base URL, as its catalog advertises it. */
        url: Text(2048),
        software_version: Text(32),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type DcJoinRequest = Static<typeof DcJoinRequest>;

/** The dedicated account a subcloud makes for its system controller: the only credential kept centrally. */
export const DcServiceAccount = Type.Object(
  {
    user_id: Text(64),
    username: Text(),
    password: Text(),
    project_name: Text(),
    user_domain_name: Text(),
    project_domain_name: Text(),
  },
  { additionalProperties: false },
);
export type DcServiceAccount = Static<typeof DcServiceAccount>;

export const DcJoinAnswer = Type.Object(
  {
    /** The subcloud's region: its catalog's region, by which the central CLI reaches it. */
    region_name: Text(64),
    system_uuid: Text(64),
    system_name: Text(),
    system_mode: Text(32),
    software_version: Text(32),
    /** Its identity endpoint, where the account logs in. */
    auth_url: Text(2048),
    account: DcServiceAccount,
  },
  { additionalProperties: false },
);
export type DcJoinAnswer = Static<typeof DcJoinAnswer>;

/**
 * `GET /dcagent/v1/membership`: the system controller that adopted this controller (404 when none did).
 * `DELETE /dcagent/v1/membership` ends it: the system controller's account is deleted with its tokens, and
 * another system controller may then join. What was synced stays, as local resources.
 */
export const DcMembershipObject = Type.Object(
  {
    subcloud_name: Text(63),
    system_controller_region: Text(64),
    system_controller_url: Text(2048),
    system_controller_version: Text(32),
    /** The name of the account the system controller holds here. */
    service_account: Text(),
    joined_at: Text(32),
  },
  { additionalProperties: false },
);
export type DcMembershipObject = Static<typeof DcMembershipObject>;

/** Alarm counts by severity, as fm's alarm summary counts them. */
export const DcAlarmCounts = Type.Object(
  { critical: Count, major: Count, minor: Count, warnings: Count },
  { additionalProperties: false },
);

/** Hosts by availability. */
export const DcHostSummary = Type.Object(
  { total: Count, available: Count, degraded: Count, failed: Count, offline: Count },
  { additionalProperties: false },
);

/** A digest (lower-case hex SHA-256) of what the subcloud holds for each synced endpoint type. */
export const DcSyncDigests = Type.Object(
  Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, Type.String({ pattern: '^[0-9a-f]{64}$' })])) as {
    [K in (typeof DC_ENDPOINT_TYPES)[number]]: ReturnType<typeof Type.String>;
  },
  { additionalProperties: false },
);

/**
 * `GET /dcagent/v1/audit`: everything one audit needs, in one answer. Its ETag is the digest of
 * the answer, and a request with `If-None-Match` naming it is answered 304 with no body. It
 * carries no time, so that an unchanged subcloud answers the same document.
 */
export const SubcloudAuditReport = Type.Object(
  {
    region_name: Text(64),
    system_uuid: Text(64),
    software_version: Text(32),
    /** `online` while the subcloud's controllers serve; it answers nothing at all when it is down. */
    availability: Type.Union([Type.Literal('online'), Type.Literal('degraded')]),
    /** Its releases and their USM states. */
    releases: Type.Array(Type.Object({ release_id: Text(), state: Text(32) }, { additionalProperties: false }), {
      maxItems: 1000,
    }),
    alarms: DcAlarmCounts,
    hosts: DcHostSummary,
    sync: DcSyncDigests,
  },
  { additionalProperties: false },
);
export type SubcloudAuditReport = Static<typeof SubcloudAuditReport>;

/** The most bytes a system controller reads of one audit answer (kept where clients may import it without schemas). */
export { AUDIT_REPORT_MAX_BYTES } from '../dc/audit-report-limit.js';

/** How long a join token stays valid unless its maker says: 24 hours. */
export const JOIN_TOKEN_DEFAULT_SECONDS = 24 * 3600;

/** `POST /dcagent/v1/join-tokens`: a one-time token with which one system controller may adopt this controller. */
export const JoinTokenCreateBody = Type.Object(
  {
    description: Type.Optional(Text()),
    /** Seconds the token stays valid: 1 minute to 30 days, 24 hours by default. */
    expires_in: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600 })),
  },
  { additionalProperties: false },
);
export type JoinTokenCreateBody = Static<typeof JoinTokenCreateBody>;

const Nullable = <T extends ReturnType<typeof Text>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A join token as listed: never the token itself. Times are ISO-8601. */
export const JoinTokenObject = Type.Object(
  {
    id: Text(64),
    state: Type.Union([Type.Literal('unused'), Type.Literal('used'), Type.Literal('expired')]),
    description: Nullable(Text()),
    created_by: Nullable(Text()),
    created_at: Text(32),
    expires_at: Text(32),
    used_at: Nullable(Text(32)),
    /** The system controller that joined with it: its region and URL. */
    used_by: Nullable(Text(2200)),
  },
  { additionalProperties: false },
);
export type JoinTokenObject = Static<typeof JoinTokenObject>;
export type JoinTokenState = JoinTokenObject['state'];

/** The answer to a create: the token, shown only there. */
export const JoinTokenCreated = Type.Object(
  { ...JoinTokenObject.properties, token: Text(128) },
  { additionalProperties: false },
);
export type JoinTokenCreated = Static<typeof JoinTokenCreated>;

export const JoinTokenCollection = Type.Object(
  { join_tokens: Type.Array(JoinTokenObject) },
  { additionalProperties: false },
);
export type JoinTokenCollection = Static<typeof JoinTokenCollection>;

export const JoinTokenIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** What a system controller pushes for one synced endpoint type, and the subcloud's answer. */
export {
  DcSyncAnswer, IdentitySyncAssignment, IdentitySyncInput, IdentitySyncProject, IdentitySyncUser, PlatformSyncInput,
  PlatformSyncSilence,
} from './dc-sync.js';
export type { SoftwareSyncInput } from './dc-sync.js';
