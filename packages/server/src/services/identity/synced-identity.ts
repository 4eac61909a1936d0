import { invalid, type Clock, type RequestContext } from '@murmuration/core/common';
import { BUILTIN_ROLES, type RoleAssignment, type UserRecord } from '@murmuration/core/identity';
import type { Repos } from '@murmuration/store';
import type { AuditNote, AuditService } from '../audit/index.js';
import type { TokenInvalidation } from './token-invalidation.js';
import { newKeystoneId } from './token-secret.js';

/** A user as another controller holds it: by name, with what a login needs. */
export interface SyncedUser {
  readonly name: string;
  readonly enabled: boolean;
  readonly passwordHash: string | null;
  readonly defaultProject: string | null;
}

export interface SyncedProject {
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
}

/** Users, projects, roles and role assignments by name, whole: what this controller is to hold. */
export interface SyncedIdentityState {
  readonly users: readonly SyncedUser[];
  readonly projects: readonly SyncedProject[];
  readonly roles: readonly string[];
  readonly assignments: readonly { readonly user: string; readonly project: string; readonly role: string }[];
}

/**
 * Identity made equal to another controller's (a system controller's), by name: missing users,
 * projects and roles created, changed ones updated, the others deleted, role assignments
 * replaced, in one transaction with one audit entry per change. The local accounts (`isLocal`)
 * and their assignments are never touched, and what they hold (their projects, enabled, and
 * roles) and the built-in roles must be in the state: checked once the changes are made, in
 * the transaction, so that a state without them is refused with nothing of it kept.
 * A user whose password changed, who is disabled or deleted loses its tokens at once.
 */
export interface SyncedIdentity {
  /**
   * Applies the state inside the caller's transaction; every replica's token cache forgets what changed once
   * it commits. Returns how many changes were made: 0 when this controller held the state already
   * (nothing audited then).
   */
  replaceIn(
    repos: Repos,
    ctx: RequestContext,
    desired: SyncedIdentityState,
    isLocal: (userName: string) => boolean,
  ): Promise<number>;
}

/** Users whose validations one replacement drops one by one; more, and every replica drops them all. */
const MAX_USER_NOTICES = 32;

/** What one replacement did, for the caches once it committed. */
interface Outcome {
  readonly notes: AuditNote[];
  readonly dropUsers: Set<string>;
  clearAll: boolean;
}

const synced = (text: string) => `${text} (synced)`;
const assignmentTarget = (a: RoleAssignment) => `assignment:${a.projectId}/${a.userId}/${a.roleId}`;
const tripleKey = (a: RoleAssignment) => `${a.userId} ${a.projectId} ${a.roleId}`;

export function createSyncedIdentity(deps: {
  audit: AuditService;
  clock: Clock;
  historyCount: number;
  invalidation: TokenInvalidation;
}): SyncedIdentity {
  const { audit, clock, historyCount, invalidation } = deps;

  async function revokeTokens(repos: Repos, out: Outcome, user: UserRecord, reason: string): Promise<void> {
    const revoked = await repos.tokens.deleteByUser(user.id);
    out.dropUsers.add(user.id);
    if (revoked.length > 0) {
      out.notes.push({ target: `user:${user.id}`, event: 'token.revoke', detail: synced(`${revoked.length} token(s) of ${user.name} revoked: ${reason}`) });
    }
  }

  /** What the local accounts hold before: each of their assignments, with its project's and role's names. */
  async function localHoldings(repos: Repos, localIds: ReadonlySet<string>): Promise<Map<string, string>> {
    const held = new Map<string, string>();
    for (const a of (await repos.assignments.list({})).filter((x) => localIds.has(x.userId))) {
      const [project, role] = [await repos.projects.findById(a.projectId), await repos.roles.findById(a.roleId)];
      held.set(tripleKey(a), `role ${role?.name ?? a.roleId} on project ${project?.name ?? a.projectId}`);
    }
    return held;
  }

  /**
   * After the changes, still in the transaction: the local accounts hold what they held (their
   * projects enabled) and the built-in roles are there; otherwise the whole state is refused.
   */
  async function requireKept(
    repos: Repos,
    localIds: ReadonlySet<string>,
    before: ReadonlyMap<string, string>,
  ): Promise<void> {
    const kept = (await repos.assignments.list({})).filter((a) => localIds.has(a.userId));
    const keys = new Set(kept.map(tripleKey));
    const lost = [...before].find(([key]) => !keys.has(key));
    if (lost !== undefined) {
      throw invalid(`this controller's local accounts hold the ${lost[1]}: the state must keep both`, { field: 'projects', rule: 'sync_required_missing' });
    }
    for (const projectId of new Set(kept.map((a) => a.projectId))) {
      const project = await repos.projects.findById(projectId);
      if (project && !project.enabled) {
        throw invalid(`project ${project.name} is where this controller's local accounts work: the state must keep it enabled`, {
          field: 'projects', rule: 'sync_required_missing',
        });
      }
    }
    for (const name of BUILTIN_ROLES) {
      if (!(await repos.roles.findByName(name))) {
        throw invalid(`the built-in role ${name} is missing: every controller keeps it`, { field: 'roles', rule: 'sync_required_missing' });
      }
    }
  }

  async function applyProjects(repos: Repos, out: Outcome, desired: SyncedIdentityState): Promise<Map<string, string>> {
    const held = new Map((await repos.projects.list({})).map((p) => [p.name, p]));
    const ids = new Map<string, string>();
    for (const want of desired.projects) {
      const have = held.get(want.name);
      if (!have) {
        const id = newKeystoneId();
        const { name, description, enabled } = want;
        await repos.projects.insert({ id, name, description, enabled, tags: [], createdAt: clock.now() });
        out.notes.push({ target: `project:${id}`, detail: synced(`project ${want.name} created`) });
        ids.set(want.name, id);
        continue;
      }
      ids.set(want.name, have.id);
      if (have.description === want.description && have.enabled === want.enabled) continue;
      await repos.projects.update(have.id, { description: want.description, enabled: want.enabled });
      out.notes.push({ target: `project:${have.id}`, detail: synced(`project ${want.name} updated`) });
      // Cached callers carry whether their project is usable.
      if (have.enabled && !want.enabled) out.clearAll = true;
    }
    return ids;
  }

  async function applyRoles(repos: Repos, out: Outcome, desired: SyncedIdentityState): Promise<Map<string, string>> {
    const ids = new Map((await repos.roles.list({})).map((r) => [r.name, r.id]));
    for (const name of desired.roles) {
      if (ids.has(name)) continue;
      const id = newKeystoneId();
      await repos.roles.insert({ id, name, description: null, createdAt: clock.now() });
      out.notes.push({ target: `role:${id}`, detail: synced(`role ${name} created`) });
      ids.set(name, id);
    }
    return ids;
  }

  /** The other controller's hash (or none), remembered for the history rule; the user's tokens revoked. */
  async function storePassword(repos: Repos, out: Outcome, user: UserRecord, hash: string | null): Promise<void> {
    const now = clock.now();
    await repos.users.setPassword(user.id, hash, hash === null ? null : now);
    if (hash !== null) {
      await repos.passwordHistory.add(user.id, hash, now);
      await repos.passwordHistory.trim(user.id, Math.max(historyCount, 1));
    }
    await revokeTokens(repos, out, user, hash === null ? 'password removed' : 'password changed');
  }

  async function applyUsers(
    repos: Repos,
    out: Outcome,
    desired: SyncedIdentityState,
    projectIds: ReadonlyMap<string, string>,
    isLocal: (name: string) => boolean,
  ): Promise<Map<string, string>> {
    const held = new Map((await repos.users.list({})).filter((u) => !isLocal(u.name)).map((u) => [u.name, u]));
    const ids = new Map<string, string>();
    for (const want of desired.users) {
      const defaultProjectId = want.defaultProject === null ? null : (projectIds.get(want.defaultProject) ?? null);
      const have = held.get(want.name);
      held.delete(want.name);
      if (!have) {
        const now = clock.now();
        const user: UserRecord = {
          id: newKeystoneId(), name: want.name, enabled: want.enabled, defaultProjectId, description: null, email: null,
          passwordHash: want.passwordHash, passwordChangedAt: want.passwordHash === null ? null : now, failedLogins: 0,
          lockedUntil: null, createdAt: now,
        };
        await repos.users.insert(user);
        if (want.passwordHash !== null) await repos.passwordHistory.add(user.id, want.passwordHash, now);
        out.notes.push({ target: `user:${user.id}`, detail: synced(`user ${want.name} created`) });
        ids.set(want.name, user.id);
        continue;
      }
      ids.set(want.name, have.id);
      const changed = have.enabled !== want.enabled || have.defaultProjectId !== defaultProjectId;
      const passwordChanged = have.passwordHash !== want.passwordHash;
      if (!changed && !passwordChanged) continue;
      if (changed) await repos.users.update(have.id, { enabled: want.enabled, defaultProjectId });
      out.notes.push({ target: `user:${have.id}`, detail: synced(`user ${want.name} updated${passwordChanged ? ', password changed' : ''}`) });
      if (passwordChanged) await storePassword(repos, out, have, want.passwordHash);
      else if (have.enabled && !want.enabled) await revokeTokens(repos, out, have, 'user disabled');
    }
    for (const gone of held.values()) {
      await revokeTokens(repos, out, gone, 'user deleted');
      await repos.users.delete(gone.id);
      out.notes.push({ target: `user:${gone.id}`, detail: synced(`user ${gone.name} deleted`) });
    }
    return ids;
  }

  async function applyAssignments(
    repos: Repos,
    out: Outcome,
    wanted: readonly RoleAssignment[],
    localIds: ReadonlySet<string>,
  ): Promise<void> {
    const notLocal = (await repos.assignments.list({})).filter((a) => !localIds.has(a.userId));
    const held = new Map(notLocal.map((a) => [tripleKey(a), a]));
    for (const a of wanted) {
      if (held.delete(tripleKey(a))) continue;
      await repos.assignments.add(a);
      out.notes.push({ target: assignmentTarget(a), detail: synced('role granted') });
      out.dropUsers.add(a.userId);
    }
    for (const a of held.values()) {
      await repos.assignments.remove(a);
      out.notes.push({ target: assignmentTarget(a), detail: synced('role revoked') });
      out.dropUsers.add(a.userId);
    }
  }

  /** Roles and projects the state does not hold, once nothing is assigned on them by the state. */
  async function removeOthers(repos: Repos, out: Outcome, desired: SyncedIdentityState): Promise<void> {
    const roles = new Set(desired.roles);
    for (const role of await repos.roles.list({})) {
      if (roles.has(role.name)) continue;
      await repos.roles.delete(role.id);
      out.notes.push({ target: `role:${role.id}`, detail: synced(`role ${role.name} deleted`) });
      out.clearAll = true;
    }
    const projects = new Set(desired.projects.map((p) => p.name));
    for (const project of await repos.projects.list({})) {
      if (projects.has(project.name)) continue;
      await repos.projects.delete(project.id);
      out.notes.push({ target: `project:${project.id}`, detail: synced(`project ${project.name} deleted`) });
      out.clearAll = true;
    }
  }

  return {
    async replaceIn(repos, ctx, desired, isLocal) {
      const out: Outcome = { notes: [], dropUsers: new Set(), clearAll: false };
      const localIds = new Set((await repos.users.list({})).filter((u) => isLocal(u.name)).map((u) => u.id));
      const before = await localHoldings(repos, localIds);
      const projectIds = await applyProjects(repos, out, desired);
      const roleIds = await applyRoles(repos, out, desired);
      const userIds = await applyUsers(repos, out, desired, projectIds, isLocal);
      const wanted = desired.assignments.map((a) => ({
        userId: userIds.get(a.user) ?? '', projectId: projectIds.get(a.project) ?? '', roleId: roleIds.get(a.role) ?? '',
      }));
      if (wanted.some((a) => a.userId === '' || a.projectId === '' || a.roleId === '')) {
        throw invalid('a role assignment names a user, project or role the state does not hold', {
          field: 'role_assignments', rule: 'sync_unknown_reference',
        });
      }
      await applyAssignments(repos, out, wanted, localIds);
      await removeOthers(repos, out, desired);
      await requireKept(repos, localIds, before);
      await audit.appendMany(repos, out.notes.map((note) => ({ ctx, note })));
      // Every replica forgets the validations this made stale once it commits; past a few users, all of them.
      if (out.clearAll || out.dropUsers.size > MAX_USER_NOTICES) await invalidation.all(repos);
      else for (const userId of out.dropUsers) await invalidation.user(repos, userId);
      return out.notes.length;
    },
  };
}
