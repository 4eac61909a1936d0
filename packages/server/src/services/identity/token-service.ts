import { AppError, type Actor, type Clock, type RequestContext } from '@murmuration/core/common';
import type { AuthRequest } from '@murmuration/core/contract/identity';
import {
  DEFAULT_DOMAIN, type ProjectRecord, type RoleRecord, type TokenRecord, type UserRecord,
} from '@murmuration/core/identity';
import type { IdentityRepos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import { AUTH_REQUIRED, type LoginGuard } from './login-guard.js';
import { newAuditId, newTokenSecret, tokenHash } from './token-secret.js';
import type { TokenCache } from './token-cache.js';
import type { TokenInvalidation } from './token-invalidation.js';

/** A token with everything its body shows. `secret` is present only when it was just issued. */
export interface TokenView {
  readonly record: TokenRecord;
  readonly user: UserRecord;
  readonly project: ProjectRecord | null;
  readonly roles: readonly RoleRecord[];
}

export interface IssuedToken extends TokenView {
  readonly secret: string;
}

/** Keystone's token API: issue, validate, describe and revoke. */
export interface TokenService {
  issue(ctx: RequestContext, request: AuthRequest): Promise<IssuedToken>;
  /** Resolves the caller of a request; throws UNAUTHENTICATED. The hot path: cached. */
  authenticate(secret: string): Promise<Actor>;
  /** The subject token, for its own user or an admin (the caller is `ctx.actor`). */
  describe(ctx: RequestContext, subjectSecret: string): Promise<TokenView>;
  revoke(ctx: RequestContext, subjectSecret: string): Promise<void>;
  purgeExpired(): Promise<number>;
}

function inDefaultDomain(domain: { id?: string | undefined; name?: string | undefined } | undefined): boolean {
  if (!domain) return true;
  return (
    (domain.id === undefined || domain.id === DEFAULT_DOMAIN.id) &&
    (domain.name === undefined || domain.name === DEFAULT_DOMAIN.name)
  );
}

export function createTokenService(deps: {
  store: Store<IdentityRepos>;
  audit: AuditService;
  clock: Clock;
  guard: LoginGuard;
  cache: TokenCache;
  invalidation: TokenInvalidation;
  ttlSeconds: number;
}): TokenService {
  const { store, audit, clock, guard, cache, invalidation, ttlSeconds } = deps;

  /** A live token and its user, or null when it is unknown, expired or its user/project is disabled. */
  async function load(repos: IdentityRepos, secret: string): Promise<TokenView | null> {
    const record = await repos.tokens.findByHash(tokenHash(secret));
    if (!record || record.expiresAt <= clock.now()) return null;
    const user = await repos.users.findById(record.userId);
    if (!user || !user.enabled) return null;
    if (record.projectId === null) return { record, user, project: null, roles: [] };
    const project = await repos.projects.findById(record.projectId);
    if (!project || !project.enabled) return null;
    return { record, user, project, roles: await repos.assignments.rolesOf(user.id, project.id) };
  }

  async function resolveUser(
    ctx: RequestContext,
    request: AuthRequest,
  ): Promise<{ user: UserRecord; method: string; ceiling: number | null }> {
    const identity = request.auth.identity;
    const method = identity.methods[0]!;
    if (method === 'password') {
      const claim = identity.password?.user;
      if (!claim || (claim.id === undefined && claim.name === undefined)) {
        throw new AppError('INVALID_INPUT', 'auth.identity.password.user needs an id or a name');
      }
      let user: UserRecord | null = null;
      if (inDefaultDomain(claim.domain)) {
        user =
          claim.id !== undefined
            ? await store.repos.users.findById(claim.id)
            : await store.repos.users.findByName(claim.name!);
      }
      const checked = await guard.checkPassword(ctx, user, claim.name ?? claim.id ?? null, claim.password);
      if (!checked.enabled) await guard.refuse(ctx, checked, 'user disabled', `The account is disabled for user: ${checked.id}.`);
      return { user: checked, method, ceiling: null };
    }
    const presented = identity.token?.id;
    if (presented === undefined) throw new AppError('INVALID_INPUT', 'auth.identity.token.id is required for the token method');
    const view = await load(store.repos, presented);
    if (!view) {
      await audit.recordRepeated(ctx, { target: null, event: 'auth.failure', outcome: 401, detail: 'invalid token presented', subject: { userId: null, userName: null } });
      throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
    }
    return { user: view.user, method, ceiling: view.record.expiresAt };
  }

  async function resolveScope(
    ctx: RequestContext,
    user: UserRecord,
    request: AuthRequest,
  ): Promise<{ project: ProjectRecord | null; roles: RoleRecord[] }> {
    const scope = request.auth.scope;
    if (scope?.system) return guard.refuse(ctx, user, 'system scope requested', 'System-scoped tokens are not supported; scope the token to a project.');
    const wanted = scope?.project;
    let project: ProjectRecord | null = null;
    if (wanted) {
      if (wanted.id === undefined && wanted.name === undefined) throw new AppError('INVALID_INPUT', 'scope.project needs an id or a name');
      if (inDefaultDomain(wanted.domain)) {
        project =
          wanted.id !== undefined
            ? await store.repos.projects.findById(wanted.id)
            : await store.repos.projects.findByName(wanted.name!);
      }
      if (!project || !project.enabled) {
        return guard.refuse(ctx, user, 'unknown or disabled project', `Could not find an enabled project: ${wanted.name ?? wanted.id}.`);
      }
    } else if (user.defaultProjectId !== null) {
      project = await store.repos.projects.findById(user.defaultProjectId);
      if (project && !project.enabled) project = null;
    }
    if (!project) return { project: null, roles: [] };
    const roles = await store.repos.assignments.rolesOf(user.id, project.id);
    if (roles.length === 0) {
      if (!wanted) return { project: null, roles: [] };
      return guard.refuse(ctx, user, `no role on project ${project.name}`, `User ${user.id} has no access to project ${project.id}.`);
    }
    return { project, roles };
  }

  /** Admins may act on any token, users on their own; an unknown subject is NOT_FOUND either way. */
  function mayActOn(ctx: RequestContext, subject: TokenView | null): TokenView {
    if (!subject) throw new AppError('NOT_FOUND', 'Could not find token.');
    const caller = ctx.actor;
    if (caller && (caller.roles.includes('admin') || caller.userId === subject.user.id)) return subject;
    throw new AppError('FORBIDDEN', 'You are not authorized to act on a token of another user.');
  }

  async function authenticateSecret(secret: string): Promise<Actor> {
    const hash = tokenHash(secret);
    const now = clock.now();
    const cached = cache.get(hash, now);
    if (cached) return cached;
    const generation = cache.generation();
    const view = await load(store.repos, secret);
    if (!view) throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
    const actor: Actor = {
      userId: view.user.id,
      userName: view.user.name,
      projectId: view.project?.id ?? null,
      projectName: view.project?.name ?? null,
      roles: view.roles.map((r) => r.name),
    };
    cache.put(hash, actor, view.record.expiresAt, generation);
    return actor;
  }

  return {
    authenticate: authenticateSecret,

    async issue(ctx, request) {
      const { user, method, ceiling } = await resolveUser(ctx, request);
      const { project, roles } = await resolveScope(ctx, user, request);
      const now = clock.now();
      const secret = newTokenSecret();
      const record: TokenRecord = {
        hash: tokenHash(secret),
        userId: user.id,
        projectId: project?.id ?? null,
        methods: [method],
        auditId: newAuditId(),
        issuedAt: now,
        expiresAt: Math.min(now + ttlSeconds * 1000, ceiling ?? Number.MAX_SAFE_INTEGER),
      };
      await audit.change(
        ctx,
        {
          target: `token:${record.auditId}`,
          event: 'auth.success',
          detail: `${method} login${project ? ` scoped to ${project.name}` : ' (unscoped)'}`,
          subject: {
            userId: user.id,
            userName: user.name,
            projectId: project?.id ?? null,
            projectName: project?.name ?? null,
          },
        },
        async (repos) => {
          if (user.failedLogins !== 0 || user.lockedUntil !== null) await repos.users.setLoginState(user.id, 0, null);
          await repos.tokens.insert(record);
        },
      );
      return { secret, record, user, project, roles };
    },

    async describe(ctx, subjectSecret) {
      return mayActOn(ctx, await load(store.repos, subjectSecret));
    },

    async revoke(ctx, subjectSecret) {
      const view = mayActOn(ctx, await load(store.repos, subjectSecret));
      await audit.change(
        ctx,
        { target: `token:${view.record.auditId}`, event: 'token.revoke', detail: `token of ${view.user.name} revoked` },
        async (repos) => {
          await repos.tokens.deleteByHash(view.record.hash);
          await invalidation.token(repos, view.record.hash);
        },
      );
    },

    purgeExpired() {
      return store.repos.tokens.deleteExpired(clock.now());
    },
  };
}
