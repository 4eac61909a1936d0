import { availableParallelism } from 'node:os';
import type { Clock, RequestContext } from '@murmuration/core/common';
import type { PasswordPolicy } from '@murmuration/core/identity';
import type { IdentityRepos, Repos, Store } from '@murmuration/store';
import type { HashCost, LoginThrottleSettings } from './identity-config.js';
import type { AuditService } from '../audit/index.js';
import type { ReplicaCaches } from '../replica-caches/index.js';
import { createCommonPasswordCheck } from './common-passwords.js';
import { seedIdentity, type IdentitySeed } from './identity-seed.js';
import { createLoginGuard } from './login-guard.js';
import { createLoginThrottle } from './login-throttle.js';
import { createPasswordCheckQueue } from './password-check-queue.js';
import { createPasswordChecker } from './password-checker.js';
import { createProjectDirectory, type ProjectDirectory } from './project-directory.js';
import { createRoleDirectory, type RoleDirectory } from './role-directory.js';
import { createServiceAccounts, type ServiceAccounts } from './service-accounts.js';
import { createSyncedIdentity, type SyncedIdentity } from './synced-identity.js';
import { TokenCache } from './token-cache.js';
import { tokenInvalidation } from './token-invalidation.js';
import { createTokenService, type TokenService } from './token-service.js';
import { createUserDirectory, type UserDirectory } from './user-directory.js';

export type { IdentitySeed } from './identity-seed.js';
export type { IssuedToken, TokenService, TokenView } from './token-service.js';
export type { NewUser, UserDirectory, UserUpdate } from './user-directory.js';
export type { NewProject, ProjectDirectory } from './project-directory.js';
export type { RoleDirectory } from './role-directory.js';
export type { PreparedAccount, ServiceAccounts } from './service-accounts.js';
export type { SyncedIdentity, SyncedIdentityState, SyncedProject, SyncedUser } from './synced-identity.js';
export { newTokenSecret, tokenHash } from './token-secret.js';
export { createOneTimeTokens } from './one-time-tokens.js';
export type {
  OneTimeTokenEntry, OneTimeTokenKind, OneTimeTokens, OneTimeTokenState, TokenRefusal,
} from './one-time-tokens.js';
export { DEFAULT_HASH_COST, IDENTITY_CONFIG } from './identity-config.js';
export type { HashCost, IdentityConfig, LoginThrottleSettings } from './identity-config.js';

/** Keystone's part of the controller: tokens, users, projects, roles and the password policy. */
export interface IdentityService {
  readonly tokens: TokenService;
  readonly users: UserDirectory;
  readonly projects: ProjectDirectory;
  readonly roles: RoleDirectory;
  /** Accounts other services make for peers inside their own transactions. */
  readonly accounts: ServiceAccounts;
  /** Identity made equal to another controller's (a system controller's pushed state), in the caller's transaction. */
  readonly synced: SyncedIdentity;
  /** First-start seed, inside the caller's transaction. */
  seed(repos: Repos, ctx: RequestContext): Promise<IdentitySeed>;
}

export interface IdentityDeps {
  readonly store: Store<IdentityRepos>;
  readonly audit: AuditService;
  /** How a change here reaches every replica's token cache. */
  readonly caches: ReplicaCaches;
  readonly clock: Clock;
  readonly policy: PasswordPolicy;
  readonly hashCost: HashCost;
  readonly tokenTtlSeconds: number;
  readonly loginThrottle: LoginThrottleSettings;
}

export function createIdentityService(deps: IdentityDeps): IdentityService {
  const { store, audit, clock, policy, hashCost } = deps;
  const cache = new TokenCache(deps.caches.trusted);
  const invalidation = tokenInvalidation(deps.caches, cache);
  // scrypt keeps a core busy per check: half the cores (and at most two of Node's four pool
  // threads) leaves the event loop and the rest of the pool room to answer everything else.
  const checks = createPasswordCheckQueue(Math.min(2, Math.max(1, Math.floor(availableParallelism() / 2))));
  const guard = createLoginGuard({
    store,
    audit,
    clock,
    policy,
    throttle: createLoginThrottle(deps.loginThrottle, clock),
    checks,
  });
  const checker = createPasswordChecker(policy, createCommonPasswordCheck());
  return {
    tokens: createTokenService({ store, audit, clock, guard, cache, invalidation, ttlSeconds: deps.tokenTtlSeconds }),
    users: createUserDirectory({
      store,
      audit,
      clock,
      hashCost,
      historyCount: policy.historyCount,
      checker,
      guard,
      invalidation,
    }),
    projects: createProjectDirectory({ store, audit, clock, invalidation }),
    roles: createRoleDirectory({ store, audit, clock, invalidation }),
    accounts: createServiceAccounts({ audit, clock, hashCost, invalidation }),
    synced: createSyncedIdentity({ audit, clock, historyCount: policy.historyCount, invalidation }),
    seed: (repos, ctx) => seedIdentity(repos, ctx, { audit, clock, hashCost }),
  };
}
