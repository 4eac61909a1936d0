import Type, { type Static } from 'typebox';
import { PUSHED_ENDPOINT_TYPES } from '../dc/sync-status.js';
import { RECEIVER_KINDS } from '../fault/receiver.js';
import { MAX_SILENCE_MATCHERS, SILENCE_MATCHER_FIELDS } from '../fault/silence.js';

/**
 * What a system controller pushes to a subcloud for one synced endpoint type
 * (`PUT /dcagent/v1/sync/{identity|platform}`): the whole desired state, exactly the value the
 * endpoint's digest is computed over (`core/src/dc/sync-digest.ts` builds it). Everything is
 * keyed by name, never by id: each controller draws its own ids.
 */

const Name = Type.String({ minLength: 1, maxLength: 255 });
const Strict = { additionalProperties: false } as const;

/** A password hash as the identity service writes it (scrypt with its cost); a modest cost only. */
const PasswordHash = Type.String({
  maxLength: 512,
  pattern: '^scrypt\\$ln=[0-9]{1,2},r=[0-9]{1,2},p=[0-9]{1,2}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$',
});

export const IdentitySyncUser = Type.Object(
  {
    name: Name,
    enabled: Type.Boolean(),
    /** What a login checks; null for a user without a password (who cannot log in with one). */
    password_hash: Type.Union([PasswordHash, Type.Null()]),
    default_project_name: Type.Union([Name, Type.Null()]),
  },
  Strict,
);
export type IdentitySyncUser = Static<typeof IdentitySyncUser>;

export const IdentitySyncProject = Type.Object(
  { name: Name, description: Type.String({ maxLength: 65535 }), enabled: Type.Boolean() },
  Strict,
);
export type IdentitySyncProject = Static<typeof IdentitySyncProject>;

export const IdentitySyncRole = Type.Object({ name: Name }, Strict);

export const IdentitySyncAssignment = Type.Object({ user_name: Name, project_name: Name, role_name: Name }, Strict);
export type IdentitySyncAssignment = Static<typeof IdentitySyncAssignment>;

/** Users (never a controller's local accounts), projects, roles and who holds which role where. */
export const IdentitySyncInput = Type.Object(
  {
    users: Type.Array(IdentitySyncUser, { maxItems: 100_000 }),
    projects: Type.Array(IdentitySyncProject, { maxItems: 100_000 }),
    roles: Type.Array(IdentitySyncRole, { maxItems: 10_000 }),
    role_assignments: Type.Array(IdentitySyncAssignment, { maxItems: 500_000 }),
  },
  Strict,
);
export type IdentitySyncInput = Static<typeof IdentitySyncInput>;

export const PlatformSyncSuppression = Type.Object(
  { alarm_id: Type.String({ minLength: 1, maxLength: 16 }), suppression_status: Type.Enum(['suppressed', 'unsuppressed']) },
  Strict,
);

export const PlatformSyncMatcher = Type.Object(
  {
    name: Type.Enum(SILENCE_MATCHER_FIELDS),
    value: Type.String({ minLength: 1, maxLength: 255 }),
    is_regex: Type.Boolean(),
    is_equal: Type.Boolean(),
  },
  Strict,
);

/** A silence by what it matches and when (epoch ms), not by its id. */
export const PlatformSyncSilence = Type.Object(
  {
    matchers: Type.Array(PlatformSyncMatcher, { minItems: 1, maxItems: MAX_SILENCE_MATCHERS }),
    comment: Type.String({ minLength: 1, maxLength: 1000 }),
    starts_at: Type.Integer({ minimum: 0 }),
    ends_at: Type.Integer({ minimum: 0 }),
  },
  Strict,
);
export type PlatformSyncSilence = Static<typeof PlatformSyncSilence>;

export const PlatformSyncReceiver = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 63 }),
    kind: Type.Enum(RECEIVER_KINDS),
    url: Type.String({ maxLength: 2048 }),
  },
  Strict,
);

/** Fault settings: event suppression by alarm id, the silences not yet ended, the fleet-wide receivers by name. */
export const PlatformSyncInput = Type.Object(
  {
    event_suppression: Type.Array(PlatformSyncSuppression, { maxItems: 10_000 }),
    silences: Type.Array(PlatformSyncSilence, { maxItems: 10_000 }),
    receivers: Type.Array(PlatformSyncReceiver, { maxItems: 1000 }),
  },
  Strict,
);
export type PlatformSyncInput = Static<typeof PlatformSyncInput>;

/** What the software digest covers (not pushed: orchestration and prestage bring releases). */
export interface SoftwareSyncInput {
  readonly releases: readonly { readonly release_id: string; readonly state: string }[];
}

/** The answer to a push: the subcloud's digest of that endpoint type once the state is applied. */
export const DcSyncAnswer = Type.Object(
  {
    endpoint_type: Type.Enum(PUSHED_ENDPOINT_TYPES),
    digest: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  Strict,
);
export type DcSyncAnswer = Static<typeof DcSyncAnswer>;
