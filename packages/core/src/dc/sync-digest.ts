import type { SuppressionStatus } from '../fault/fault-records.js';
import type { SilenceMatcher } from '../fault/silence.js';
import { DEFAULT_DOMAIN } from '../identity/roles.js';
import type { ProjectRecord, RoleAssignment, RoleRecord, UserRecord } from '../identity/records.js';
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

/** Users (without the local service accounts), projects, roles and role assignments (without theirs). */
export function identitySyncInput(resources: IdentitySyncResources): unknown {
  const users = resources.users.filter((u) => !isLocalAccount(u.name));
  const synced = new Set(users.map((u) => u.id));
  return {
    users: users
      .map((u) => ({
        id: u.id, name: u.name, enabled: u.enabled, domain_id: DEFAULT_DOMAIN.id,
        password_hash: u.passwordHash, default_project_id: u.defaultProjectId,
      }))
      .sort(byKey((u) => u.id)),
    projects: resources.projects
      .map((p) => ({
        id: p.id, name: p.name, description: p.description, enabled: p.enabled, domain_id: DEFAULT_DOMAIN.id,
      }))
      .sort(byKey((p) => p.id)),
    roles: resources.roles.map((r) => ({ id: r.id, name: r.name })).sort(byKey((r) => r.id)),
    role_assignments: resources.assignments
      .filter((a) => synced.has(a.userId))
      .map((a) => ({ user_id: a.userId, project_id: a.projectId, role_id: a.roleId }))
      .sort(byKey((a) => `${a.user_id} ${a.project_id} ${a.role_id}`)),
  };
}

export interface PlatformSyncResources {
  readonly suppressions: readonly { readonly alarmId: string; readonly status: SuppressionStatus }[];
  readonly silences: readonly {
    readonly matchers: readonly SilenceMatcher[];
    readonly comment: string;
    readonly startsAt: number;
    readonly endsAt: number;
  }[];
  readonly receivers: readonly { readonly name: string; readonly kind: string; readonly url: string }[];
  /** Silences that have ended by now are history, not settings. */
  readonly now: number;
}

/**
 * Fault settings: event suppression by alarm id, the silences not yet ended (by what they
 * match and when, not by their ids, which each controller draws itself) and receivers by name.
 */
export function platformSyncInput(resources: PlatformSyncResources): unknown {
  const silences = resources.silences
    .filter((s) => s.endsAt > resources.now)
    .map((s) => ({
      matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, is_regex: m.isRegex, is_equal: m.isEqual })),
      comment: s.comment, starts_at: s.startsAt, ends_at: s.endsAt,
    }));
  return {
    event_suppression: resources.suppressions
      .map((s) => ({ alarm_id: s.alarmId, suppression_status: s.status }))
      .sort(byKey((s) => s.alarm_id)),
    silences: silences.sort(byKey((s) => JSON.stringify(s))),
    receivers: resources.receivers.map((r) => ({ name: r.name, kind: r.kind, url: r.url })).sort(byKey((r) => r.name)),
  };
}

/** Releases by id, with their USM states. */
export function softwareSyncInput(releases: readonly { readonly id: string; readonly state: string }[]): unknown {
  return { releases: releases.map((r) => ({ release_id: r.id, state: r.state })).sort(byKey((r) => r.release_id)) };
}
