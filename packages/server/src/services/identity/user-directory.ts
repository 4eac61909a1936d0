import {
  AppError, conflict, notFound, type Clock, type RequestContext, requireDisplayableName,
} from '@murmuration/core/common';
import { requireUnreservedUserName } from '@murmuration/core/dc';
import type { ProjectRecord, UserRecord } from '@murmuration/core/identity';
import type { IdentityRepos, Repos, Store, UserFilter } from '@murmuration/store';
import type { HashCost } from './identity-config.js';
import type { AuditService } from '../audit/index.js';
import type { LoginGuard } from './login-guard.js';
import type { PasswordChecker } from './password-checker.js';
import { hashPassword } from './password-hasher.js';
import type { TokenInvalidation } from './token-invalidation.js';
import { commandLineSafeSecret, newKeystoneId } from './token-secret.js';

export interface NewUser {
  readonly name: string;
  readonly password?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly defaultProjectId?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly email?: string | null | undefined;
}

export type UserUpdate = Partial<NewUser>;

/** Users: create, change, delete, and passwords under the policy. */
export interface UserDirectory {
  list(filter: UserFilter): Promise<UserRecord[]>;
  get(id: string): Promise<UserRecord>;
  create(ctx: RequestContext, input: NewUser): Promise<UserRecord>;
  update(ctx: RequestContext, id: string, changes: UserUpdate): Promise<UserRecord>;
  delete(ctx: RequestContext, id: string): Promise<void>;
  /** A user changes their own password, proving the current one (Keystone's change-password). */
  changeOwnPassword(ctx: RequestContext, id: string, original: string, next: string): Promise<void>;
  /**
   * Recovery of a lost password by someone who holds the data directory: a new random password
   * (returned, to be shown once), the lockout lifted, the user's tokens revoked, all audited.
   * The password policy is not applied, as for the first start's admin password.
   */
  resetPassword(ctx: RequestContext, name: string): Promise<{ user: UserRecord; password: string }>;
  /** Projects on which the user holds at least one role. */
  projectsOf(id: string): Promise<ProjectRecord[]>;
}

export interface UserDirectoryDeps {
  readonly store: Store<IdentityRepos>;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly hashCost: HashCost;
  readonly historyCount: number;
  readonly checker: PasswordChecker;
  readonly guard: LoginGuard;
  readonly invalidation: TokenInvalidation;
}

export function createUserDirectory(deps: UserDirectoryDeps): UserDirectory {
  const { store, audit, clock, hashCost, historyCount, checker, guard, invalidation } = deps;

  async function get(id: string): Promise<UserRecord> {
    const user = await store.repos.users.findById(id);
    if (!user) throw notFound(`Could not find user: ${id}.`, { user: id });
    return user;
  }

  async function requireProject(id: string | null | undefined): Promise<void> {
    if (id === null || id === undefined) return;
    if (!(await store.repos.projects.findById(id))) {
      throw new AppError('INVALID_INPUT', `default_project_id ${id} is not a project`, { field: 'default_project_id' });
    }
  }

  async function nameIsFree(name: string, exceptId: string | null): Promise<void> {
    requireDisplayableName(name);
    const other = await store.repos.users.findByName(name);
    if (other && other.id !== exceptId) {
      throw conflict(`Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID default.`, { field: 'name' });
    }
  }

  /** Stores a new password hash, remembers it for the history rule and revokes the user's tokens. */
  async function storePassword(
    repos: Repos,
    ctx: RequestContext,
    user: UserRecord,
    hash: string,
    reason: string,
  ): Promise<void> {
    const now = clock.now();
    await repos.users.setPassword(user.id, hash, now);
    await repos.passwordHistory.add(user.id, hash, now);
    await repos.passwordHistory.trim(user.id, Math.max(historyCount, 1));
    await revokeTokens(repos, ctx, user, reason);
  }

  /** Revokes the user's tokens; every replica forgets the ones it validated once the transaction commits. */
  async function revokeTokens(repos: Repos, ctx: RequestContext, user: UserRecord, reason: string): Promise<void> {
    const revoked = await repos.tokens.deleteByUser(user.id);
    await invalidation.user(repos, user.id);
    if (revoked.length > 0) {
      await audit.append(repos, ctx, { target: `user:${user.id}`, event: 'token.revoke', detail: `${revoked.length} token(s) of ${user.name} revoked: ${reason}` });
    }
  }

  return {
    list: (filter) => store.repos.users.list(filter),
    get,

    async create(ctx, input) {
      // The join makes the system controllers' accounts, never this API.
      requireUnreservedUserName(input.name);
      await nameIsFree(input.name, null);
      await requireProject(input.defaultProjectId);
      if (input.password !== undefined) await checker.check({ password: input.password, userName: input.name }, []);
      const hash = input.password === undefined ? null : await hashPassword(input.password, hashCost);
      const now = clock.now();
      const user: UserRecord = {
        id: newKeystoneId(),
        name: input.name,
        enabled: input.enabled ?? true,
        defaultProjectId: input.defaultProjectId ?? null,
        description: input.description ?? null,
        email: input.email ?? null,
        passwordHash: hash,
        passwordChangedAt: hash === null ? null : now,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
      };
      await audit.change(ctx, { target: `user:${user.id}`, detail: `user ${user.name} created` }, async (repos) => {
        await repos.users.insert(user);
        if (hash !== null) await repos.passwordHistory.add(user.id, hash, now);
      });
      return user;
    },

    async update(ctx, id, changes) {
      const user = await get(id);
      if (changes.enabled === false && ctx.actor?.userId === id) {
        throw conflict('You cannot disable the user you are authenticated as.', { field: 'enabled' });
      }
      if (changes.name !== undefined && changes.name !== user.name) requireUnreservedUserName(changes.name);
      if (changes.name !== undefined) await nameIsFree(changes.name, id);
      await requireProject(changes.defaultProjectId);
      let hash: string | null = null;
      if (changes.password !== undefined) {
        const recent = await store.repos.passwordHistory.recent(id, historyCount);
        await checker.check({ password: changes.password, userName: changes.name ?? user.name }, recent);
        hash = await hashPassword(changes.password, hashCost);
      }
      const updated = await audit.change(ctx, { target: `user:${id}`, detail: `user ${user.name} updated` }, async (repos) => {
        const row = await repos.users.update(id, {
          name: changes.name,
          enabled: changes.enabled,
          defaultProjectId: changes.defaultProjectId,
          description: changes.description,
          email: changes.email,
        });
        if (!row) throw notFound(`Could not find user: ${id}.`);
        if (hash !== null) await storePassword(repos, ctx, row, hash, 'password set by an administrator');
        else if (changes.enabled === false && user.enabled) await revokeTokens(repos, ctx, row, 'user disabled');
        // Cached callers carry the user's name.
        else await invalidation.user(repos, id);
        return row;
      });
      return updated;
    },

    async delete(ctx, id) {
      const user = await get(id);
      if (ctx.actor?.userId === id) throw conflict('You cannot delete the user you are authenticated as.');
      await audit.change(ctx, { target: `user:${id}`, detail: `user ${user.name} deleted` }, async (repos) => {
        await revokeTokens(repos, ctx, user, 'user deleted');
        await repos.users.delete(id);
      });
    },

    async changeOwnPassword(ctx, id, original, next) {
      const user = await store.repos.users.findById(id);
      const checked = await guard.checkPassword(ctx, user, id, original);
      if (!checked.enabled) await guard.refuse(ctx, checked, 'user disabled', `The account is disabled for user: ${checked.id}.`);
      const recent = await store.repos.passwordHistory.recent(id, historyCount);
      await checker.check({ password: next, userName: checked.name }, recent);
      const hash = await hashPassword(next, hashCost);
      await audit.change(
        ctx,
        { target: `user:${id}`, detail: `password of ${checked.name} changed`, subject: { userId: checked.id, userName: checked.name } },
        (repos) => storePassword(repos, ctx, checked, hash, 'password changed'),
      );
    },

    async resetPassword(ctx, name) {
      const user = await store.repos.users.findByName(name);
      if (!user) throw notFound(`Could not find user: ${name}.`, { user: name });
      const password = commandLineSafeSecret(18);
      const hash = await hashPassword(password, hashCost);
      // A new password also ends a lockout (the store clears the failure count with it).
      await audit.change(ctx, { target: `user:${user.id}`, detail: `password of ${user.name} reset from the data directory` }, (repos) =>
        storePassword(repos, ctx, user, hash, 'password reset from the data directory'),
      );
      return { user, password };
    },

    async projectsOf(id) {
      await get(id);
      const assignments = await store.repos.assignments.list({ userId: id });
      const ids = [...new Set(assignments.map((a) => a.projectId))];
      const projects = await Promise.all(ids.map((pid) => store.repos.projects.findById(pid)));
      return projects.filter((p): p is ProjectRecord => p !== null).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
