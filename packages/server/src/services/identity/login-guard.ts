import { AppError, type Clock, type RequestContext } from '@murmuration/core/common';
import type { PasswordPolicy, UserRecord } from '@murmuration/core/identity';
import { isLocalAccount } from '@murmuration/core/dc';
import type { IdentityRepos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { LoginThrottle } from './login-throttle.js';
import type { CheckLane, PasswordCheckQueue } from './password-check-queue.js';
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
  checkPassword(
    ctx: RequestContext,
    user: UserRecord | null,
    attemptedName: string | null,
    password: string,
  ): Promise<UserRecord>;
  /** Audits a refusal that is not about the password (disabled user, no access to the project). */
  refuse(ctx: RequestContext, user: UserRecord, reason: string, message: string): Promise<never>;
}

export interface LoginGuardDeps {
  readonly store: Store<IdentityRepos>;
  readonly audit: AuditService;
  readonly clock: Clock;
  readonly policy: PasswordPolicy;
  readonly throttle: LoginThrottle;
  readonly checks: PasswordCheckQueue;
}

export function createLoginGuard(deps: LoginGuardDeps): LoginGuard {
  const { store, audit, clock, policy, throttle, checks } = deps;

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

  const lockedError = (user: UserRecord, lockedUntil: number) =>
    new AppError('ACCOUNT_LOCKED', `The account is locked for user: ${user.id}.`, { locked_until: new Date(lockedUntil).toISOString() });

  return {
    refuse,
    async checkPassword(ctx, user, attemptedName, password) {
      const name = user?.name ?? attemptedName ?? '';
      const admission = throttle.admit(ctx.sourceAddress, name);
      if (!admission.admitted) {
        // A flood leaves the first refusal of each window and then a count, not an entry per request.
        const whose = admission.by === 'source' ? `from ${ctx.sourceAddress}` : `for user ${name}`;
        await audit.recordRepeated(ctx, {
          target: user ? `user:${user.id}` : null,
          event: 'auth.failure',
          outcome: 429,
          detail: `too many failed logins ${whose}`,
          ...(admission.by === 'user' ? { across: 'sources' as const } : {}),
          subject: { userId: user?.id ?? null, userName: name || null, projectId: null, projectName: null },
        });
        throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins; retry in ${admission.retryAfterSeconds} s.`, {
          retry_after_seconds: admission.retryAfterSeconds,
        });
      }
      let succeeded = false;
      try {
        const checked = await check(ctx, user, attemptedName, password, admission.lane);
        succeeded = true;
        return checked;
      } finally {
        admission.ticket.settle(succeeded);
      }
    },
  };

  async function check(
    ctx: RequestContext,
    user: UserRecord | null,
    attemptedName: string | null,
    password: string,
    lane: CheckLane,
  ): Promise<UserRecord> {
    const verify = (hash: string) => checks.run(lane, () => verifyPassword(password, hash));
    if (!user) {
      await verify(DECOY_HASH);
      // Guesses at names that do not exist are what a spray repeats: the first from an address
      // in each window is written, the rest counted.
      await audit.recordRepeated(ctx, {
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
    const refuseLocked = async (lockedUntil: number): Promise<never> => {
      await audit.record(ctx, { target: `user:${user.id}`, event: 'auth.failure', outcome: 401, detail: 'account locked', subject });
      throw lockedError(user, lockedUntil);
    };
    if (user.lockedUntil !== null && user.lockedUntil > now) return refuseLocked(user.lockedUntil);
    const ok = user.passwordHash !== null && (await verify(user.passwordHash));
    if (ok) {
      // Guesses sent in parallel may have locked the account while this one was being hashed.
      const current = await store.repos.users.findById(user.id);
      if (current?.lockedUntil != null && current.lockedUntil > clock.now()) return refuseLocked(current.lockedUntil);
      return current ?? user;
    }

    // The count is kept by the database in one statement: parallel guesses each count.
    const counted = await audit.change(
      ctx,
      (c: { failures: number; locks: boolean; lockedUntil: number | null }) =>
        c.locks
          ? { target: `user:${user.id}`, event: 'auth.lockout', outcome: 401, detail: `locked for ${policy.lockoutSeconds} s after ${c.failures} failed logins`, subject }
          : c.lockedUntil !== null
            ? { target: `user:${user.id}`, event: 'auth.failure', outcome: 401, detail: 'account locked', subject }
            : { target: `user:${user.id}`, event: 'auth.failure', outcome: 401, detail: `wrong password (${c.failures} in a row)`, subject },
      async (repos) => {
        const state = await repos.users.countFailedLogin(user.id, now);
        if (!state) return { failures: 0, locks: false, lockedUntil: null };
        if (state.lockedUntil !== null) {
          return { failures: state.failedLogins, locks: false, lockedUntil: state.lockedUntil };
        }
        // A system controller's account is never locked (as Keystone's ignore_lockout_failure_attempts): its password
        // is 32 random bytes, and a lockout would let anyone who can reach the subcloud cut it off from its system
        // controller. Its failures are still counted, audited and throttled per address.
        const locks = policy.lockoutFailures > 0 && state.failedLogins >= policy.lockoutFailures
          && !isLocalAccount(user.name);
        if (locks) await repos.users.setLoginState(user.id, 0, now + policy.lockoutSeconds * 1000);
        return { failures: state.failedLogins, locks, lockedUntil: null };
      },
    );
    if (counted.lockedUntil !== null) throw lockedError(user, counted.lockedUntil);
    throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
  }
}
