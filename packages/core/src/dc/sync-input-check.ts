import { invalid, isAppError } from '../errors/app-error.js';
import type { RefusalRule } from '../errors/refusal-rule.js';
import type { IdentitySyncInput, PlatformSyncInput } from '../contract/dc-sync.js';
import { checkReceiverName, checkReceiverUrl } from '../fault/receiver.js';
import { checkMatcher } from '../fault/silence.js';
import { BUILTIN_ROLES } from '../identity/roles.js';
import { unsafeNameReason } from '../text/text-safety.js';
import { isLocalAccount } from './service-account.js';
import { assignmentKey } from './sync-digest.js';

/**
 * Whether a pushed desired state holds together before anything of it is applied: each name
 * once, every reference to a name that the state itself holds, no local account. A refusal is
 * INVALID_INPUT naming the field (`users[2].default_project_name`) and the rule. Pure, so that a
 * subcloud and a hollow one refuse the same bodies.
 */

const refuse = (field: string, rule: RefusalRule, message: string): never => {
  throw invalid(message, { field, rule });
};

/** The index of the first item whose key another item before it has, or -1. */
function firstDuplicate<T>(items: readonly T[], key: (item: T) => string): number {
  const seen = new Set<string>();
  return items.findIndex((item) => {
    const k = key(item);
    if (seen.has(k)) return true;
    seen.add(k);
    return false;
  });
}

function requireUnique<T>(items: readonly T[], field: string, key: (item: T) => string, what: string): void {
  const at = firstDuplicate(items, key);
  if (at >= 0) refuse(`${field}[${at}]`, 'sync_duplicate', `${what} ${key(items[at]!)} is listed twice`);
}

function requireName(name: string, field: string): void {
  const reason = unsafeNameReason(name);
  if (reason !== null) throw invalid(`Invalid input: ${field} ${reason}`, { field });
}

export function checkIdentitySyncInput(input: IdentitySyncInput): void {
  input.users.forEach((u, i) => requireName(u.name, `users[${i}].name`));
  input.projects.forEach((p, i) => requireName(p.name, `projects[${i}].name`));
  input.roles.forEach((r, i) => requireName(r.name, `roles[${i}].name`));
  requireUnique(input.users, 'users', (u) => u.name, 'user');
  requireUnique(input.projects, 'projects', (p) => p.name, 'project');
  requireUnique(input.roles, 'roles', (r) => r.name, 'role');
  requireUnique(input.role_assignments, 'role_assignments', assignmentKey, 'role assignment');

  const local = input.users.findIndex((u) => isLocalAccount(u.name));
  if (local >= 0) {
    refuse(`users[${local}].name`, 'sync_local_account', `${input.users[local]!.name} is a local account of each controller: never synced`);
  }
  const users = new Set(input.users.map((u) => u.name));
  const projects = new Set(input.projects.map((p) => p.name));
  const roles = new Set(input.roles.map((r) => r.name));
  input.users.forEach((u, i) => {
    if (u.default_project_name !== null && !projects.has(u.default_project_name)) {
      refuse(`users[${i}].default_project_name`, 'sync_unknown_reference', `user ${u.name}'s default project ${u.default_project_name} is not among the projects`);
    }
  });
  input.role_assignments.forEach((a, i) => {
    const field = `role_assignments[${i}]`;
    if (!users.has(a.user_name)) refuse(`${field}.user_name`, 'sync_unknown_reference', `user ${a.user_name} is not among the users`);
    if (!projects.has(a.project_name)) refuse(`${field}.project_name`, 'sync_unknown_reference', `project ${a.project_name} is not among the projects`);
    if (!roles.has(a.role_name)) refuse(`${field}.role_name`, 'sync_unknown_reference', `role ${a.role_name} is not among the roles`);
  });
  const builtin = BUILTIN_ROLES.find((name) => !roles.has(name));
  if (builtin !== undefined) refuse('roles', 'sync_required_missing', `the built-in role ${builtin} is missing: every controller keeps it`);
}

/** Runs one of the fault domain's checks and names where in the body its refusal is. */
function within(field: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'INVALID_INPUT') throw error;
    throw invalid(error.message, { field });
  }
}

export function checkPlatformSyncInput(input: PlatformSyncInput): void {
  requireUnique(input.event_suppression, 'event_suppression', (s) => s.alarm_id, 'alarm id');
  requireUnique(input.receivers, 'receivers', (r) => r.name, 'receiver');
  input.silences.forEach((s, i) => {
    s.matchers.forEach((m, j) =>
      within(`silences[${i}].matchers[${j}]`, () => checkMatcher({ name: m.name, value: m.value, isRegex: m.is_regex, isEqual: m.is_equal })),
    );
    if (s.starts_at >= s.ends_at) throw invalid('starts_at must be before ends_at', { field: `silences[${i}].starts_at` });
  });
  input.receivers.forEach((r, i) => {
    within(`receivers[${i}].name`, () => checkReceiverName(r.name));
    within(`receivers[${i}].url`, () => checkReceiverUrl(r.url));
  });
}
