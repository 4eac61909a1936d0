import { AppError, type Clock, type PasswordPolicy, type RequestContext, type UserRecord } from '@murmuration/core';
import type { AuditService } from '../audit/index.js';
import { verifyPassword } from './password-hasher.js';

/** A hash of a random password: verifying against it costs what a real check costs. */
const DECOY_HASH = 'scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const AUTH_REQUIRED = 'The request you have made requires authentication.';

/**
 * Checks a user's password with StarlingX's lockout rule: after `lockoutFailures` wrong
 * passwords in a row the account is locked for `lockoutSeconds`. Every failure, every lockout
 * and the refusal of a locked account is audited in the transaction that counts it.
 */
export interface LoginGuard {
  /** Throws UNAUTHENTICATED or ACCOUNT_LOCKED (audited); returns the user when the password is right. */
  checkPassword(ctx: RequestContext, user: UserRecord | null, attemptedName: string | null, password: string): Promise<UserRecord>;
  /** Audits a refusal that is not about the password (disabled user, no access to the project). */
  refuse(ctx: RequestContext, user: UserRecord, reason: string, message: string): Promise<never>;
}

export function createLoginGuard(deps: { audit: AuditService; clock: Clock; policy: PasswordPolicy }): LoginGuard {
  const { audit, clock, policy } = deps;

  async function refuse(ctx: RequestContext, user: UserRecord, reason: string, message: string): Promise<never> {
    await audit.record(ctx, {
      target: `user:${user.id}`,
      event: 'auth.failure',
      outcome: 401,
      detail: reason,
      subject: { userId: user.id, userName: user.name, projectId: null, projectName: null },
    });
    throw new AppError('UNAUTHENTICATED', message);
  }

  return {
    refuse,
    async checkPassword(ctx, user, attemptedName, password) {
      if (!user) {
        await verifyPassword(password, DECOY_HASH);
        await audit.record(ctx, {
          target: null,
          event: 'auth.failure',
          outcome: 401,
          detail: 'unknown user',
          subject: { userId: null, userName: attemptedName, projectId: null, projectName: null },
        });
        throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
      }
      const now = clock.now();
      const subject = { userId: user.id, userName: user.name, projectId: null, projectName: null };
      if (user.lockedUntil !== null && user.lockedUntil > now) {
        await audit.record(ctx, { target: `user:${user.id}`, event: 'auth.failure', outcome: 401, detail: 'account locked', subject });
        throw new AppError('ACCOUNT_LOCKED', `The account is locked for user: ${user.id}.`, {
          locked_until: new Date(user.lockedUntil).toISOString(),
        });
      }
      const ok = user.passwordHash !== null && (await verifyPassword(password, user.passwordHash));
      if (ok) return user;

      const lockExpired = user.lockedUntil !== null && user.lockedUntil <= now;
      const failures = (lockExpired ? 0 : user.failedLogins) + 1;
      const locks = policy.lockoutFailures > 0 && failures >= policy.lockoutFailures;
      await audit.change(
        ctx,
        locks
          ? { target: `user:${user.id}`, event: 'auth.lockout', outcome: 401, detail: `locked for ${policy.lockoutSeconds} s after ${failures} failed logins`, subject }
          : { target: `user:${user.id}`, event: 'auth.failure', outcome: 401, detail: `wrong password (${failures} in a row)`, subject },
        (repos) => repos.users.setLoginState(user.id, locks ? 0 : failures, locks ? now + policy.lockoutSeconds * 1000 : null),
      );
      throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
    },
  };
}
