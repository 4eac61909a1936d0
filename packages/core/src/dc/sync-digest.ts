import type {
  IdentitySyncAssignment, IdentitySyncInput, PlatformSyncInput, PlatformSyncSilence, SoftwareSyncInput,
} from '../contract/dc-sync.js';
import type { SuppressionStatus } from '../fault/fault-records.js';
import type { SilenceMatcher } from '../fault/silence.js';
import type { ProjectRecord, RoleAssignment, RoleRecord, UserRecord } from '../identity/records.js';
import type { ReceiverKind } from '../fault/receiver.js';
import { canonicalJson } from './canonical-json.js';
import { isLocalAccount } from './service-account.js';

/**
 * What each synced endpoint type's digest is computed over: the value to give `canonicalJson`,
 * whose SHA-256 is the digest. A subcloud computes it over what it holds, the system controller
 * over what it syncs; the same builders on both sides, so that equal resources give equal
 * digests. Each keeps only what sync carries (never counters, timestamps of use or delivery
 * state, so that a login or a delivery does not change a digest) and sorts what it keeps.
 */

const byKey = <T>(key: (item: T) => string) => (a: T, b: T): number => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export interface IdentitySyncResources {
  readonly users: readonly UserRecord[];
  readonly projects: readonly ProjectRecord[];
  readonly roles: readonly RoleRecord[];
  readonly assignments: readonly RoleAssignment[];
}

/**
 * Users (without the local service accounts), projects, roles and role assignments (without
 * the local accounts'), all by name: each controller seeds its admin user, projects and roles
 * with ids of its own, so ids never compare between two controllers. A user carries what a
 * login needs (enabled, password hash) and its default project; an assignment whose parts are
 * not all there is left out.
 */
export function identitySyncInput(resources: IdentitySyncResources): IdentitySyncInput {
  const users = resources.users.filter((u) => !isLocalAccount(u.name));
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const projectNames = new Map(resources.projects.map((p) => [p.id, p.name]));
  const roleNames = new Map(resources.roles.map((r) => [r.id, r.name]));
  const assignments: IdentitySyncAssignment[] = [];
  for (const a of resources.assignments) {
    const [user, project, role] = [userNames.get(a.userId), projectNames.get(a.projectId), roleNames.get(a.roleId)];
    if (user !== undefined && project !== undefined && role !== undefined) {
      assignments.push({ user_name: user, project_name: project, role_name: role });
    }
  }
  return {
    users: users
      .map((u) => ({
        name: u.name, enabled: u.enabled, password_hash: u.passwordHash,
        default_project_name: u.defaultProjectId === null ? null : (projectNames.get(u.defaultProjectId) ?? null),
      }))
      .sort(byKey((u) => u.name)),
    projects: resources.projects
      .map((p) => ({ name: p.name, description: p.description, enabled: p.enabled }))
      .sort(byKey((p) => p.name)),
    roles: resources.roles.map((r) => ({ name: r.name })).sort(byKey((r) => r.name)),
    role_assignments: assignments.sort(byKey(assignmentKey)),
  };
}

/** An assignment's key: its three names (names hold no newline). */
export const assignmentKey = (a: IdentitySyncAssignment): string => `${a.user_name}\n${a.project_name}\n${a.role_name}`;

export interface PlatformSyncResources {
  readonly suppressions: readonly { readonly alarmId: string; readonly status: SuppressionStatus }[];
  readonly silences: readonly {
    readonly matchers: readonly SilenceMatcher[];
    readonly comment: string;
    readonly startsAt: number;
    readonly endsAt: number;
  }[];
  readonly receivers: readonly {
    readonly name: string;
    readonly kind: ReceiverKind;
    readonly url: string;
    readonly fleetWide: boolean;
  }[];
  /** Silences that have ended by now are history, not settings. */
  readonly now: number;
}

/**
 * Fault settings: event suppression by alarm id, the silences not yet ended (by what they
 * match and when, not by their ids, which each controller draws itself) and the fleet-wide
 * receivers by name (a receiver that is not fleet-wide is a site's own: it is neither pushed nor
 * compared).
 */
export function platformSyncInput(resources: PlatformSyncResources): PlatformSyncInput {
  const silences = resources.silences
    .filter((s) => s.endsAt > resources.now)
    .map((s): PlatformSyncSilence => ({
      matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, is_regex: m.isRegex, is_equal: m.isEqual })),
      comment: s.comment, starts_at: s.startsAt, ends_at: s.endsAt,
    }));
  return {
    event_suppression: resources.suppressions
      .map((s) => ({ alarm_id: s.alarmId, suppression_status: s.status }))
      .sort(byKey((s) => s.alarm_id)),
    silences: silences.sort(byKey(silenceKey)),
    receivers: resources.receivers
      .filter((r) => r.fleetWide)
      .map((r) => ({ name: r.name, kind: r.kind, url: r.url }))
      .sort(byKey((r) => r.name)),
  };
}

/** A silence's key: what it matches and when, written the same way on every controller. */
export const silenceKey = (s: PlatformSyncSilence): string =>
  canonicalJson([s.matchers, s.comment, s.starts_at, s.ends_at]);

/** The release states that say what a controller runs: a release merely uploaded (available) is not compared. */
export const RUNNING_RELEASE_STATES: readonly string[] = ['deployed', 'committed'];

/** Releases deployed or committed, by id with their USM states. */
export function softwareSyncInput(
  releases: readonly { readonly id: string; readonly state: string }[],
): SoftwareSyncInput {
  return {
    releases: releases
      .filter((r) => RUNNING_RELEASE_STATES.includes(r.state))
      .map((r) => ({ release_id: r.id, state: r.state }))
      .sort(byKey((r) => r.release_id)),
  };
}

/** The value each synced endpoint type's digest is computed over. */
export interface DcSyncInputs {
  readonly identity: IdentitySyncInput;
  readonly platform: PlatformSyncInput;
  readonly software: SoftwareSyncInput;
}
