import { AppError, type Clock, type RequestContext } from '@murmuration/core/common';
import type { UserRecord } from '@murmuration/core/identity';
import type { Repos } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { HashCost } from './identity-config.js';
import { hashPassword } from './password-hasher.js';
import type { TokenInvalidation } from './token-invalidation.js';
import { commandLineSafeSecret, newKeystoneId } from './token-secret.js';

/** An account made, not yet stored, and its password (shown once to whoever it is for). */
export interface PreparedAccount {
  readonly user: UserRecord;
  readonly password: string;
}

/**
 * Accounts that another service makes for a peer inside its own transaction (a subcloud's
 * account for its system controller): a random password, the admin role on project admin. The
 * password is hashed before the transaction, so that the transaction holds nothing while scrypt
 * runs; as for the first start's admin, the password policy is not applied to a random one.
 */
export interface ServiceAccounts {
  prepare(input: { readonly name: string; readonly description: string }): Promise<PreparedAccount>;
  /** Stores a prepared account with the admin role on project admin, in the caller's transaction. */
  add(repos: Repos, ctx: RequestContext, account: PreparedAccount): Promise<void>;
  /** Deletes an account (its tokens revoked, and forgotten once committed); false when there was none. */
  remove(repos: Repos, ctx: RequestContext, userId: string): Promise<boolean>;
}

/** Bytes of randomness in an account's password. */
const PASSWORD_BYTES = 32;

export function createServiceAccounts(deps: {
  audit: AuditService;
  clock: Clock;
  hashCost: HashCost;
  invalidation: TokenInvalidation;
}): ServiceAccounts {
  const { audit, clock, hashCost, invalidation } = deps;
  return {
    async prepare(input) {
      const password = commandLineSafeSecret(PASSWORD_BYTES);
      const passwordHash = await hashPassword(password, hashCost);
      const now = clock.now();
      const user: UserRecord = {
        id: newKeystoneId(), name: input.name, enabled: true, defaultProjectId: null, description: input.description,
        email: null, passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null, createdAt: now,
      };
      return { user, password };
    },

    async add(repos, ctx, { user }) {
      const project = await repos.projects.findByName('admin');
      const role = await repos.roles.findByName('admin');
      if (!project || !role) throw new AppError('INTERNAL', 'the admin project or the admin role is missing');
      await repos.users.insert({ ...user, defaultProjectId: project.id });
      await repos.passwordHistory.add(user.id, user.passwordHash!, user.createdAt);
      await repos.assignments.add({ userId: user.id, projectId: project.id, roleId: role.id });
      await audit.append(repos, ctx, { target: `user:${user.id}`, detail: `service account ${user.name} created, admin on project admin` });
    },

    async remove(repos, ctx, userId) {
      const user = await repos.users.findById(userId);
      if (!user) return false;
      const revoked = await repos.tokens.deleteByUser(userId);
      await repos.users.delete(userId);
      await audit.append(repos, ctx, { target: `user:${userId}`, detail: `service account ${user.name} deleted, ${revoked.length} token(s) revoked` });
      await invalidation.user(repos, userId);
      return true;
    },
  };
}
