import { AppError, type Clock, type RefusalRule, type RequestContext } from '@murmuration/core/common';
import type { OneTimeTokenRecord, OneTimeTokenRepo, Repos } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import { newTokenSecret, tokenHash } from './token-secret.js';

/** Whether a one-time token can still be spent. */
export type OneTimeTokenState = 'unused' | 'used' | 'expired';

/** A token and its state. */
export interface OneTimeTokenEntry {
  readonly token: OneTimeTokenRecord;
  readonly state: OneTimeTokenState;
}

/** How one refusal of a token is worded, and the rule it is given (if its API gives one). */
export interface TokenRefusal {
  readonly message: string;
  readonly rule?: RefusalRule;
}

/** What differs between the kinds of one-time tokens: where they are kept, how they are named and refused. */
export interface OneTimeTokenKind {
  /** The repository outside a transaction, and inside the caller's. */
  readonly repo: OneTimeTokenRepo;
  readonly repoIn: (repos: Repos) => OneTimeTokenRepo;
  /** The token's audit target, e.g. `host_bootstrap_token:<uuid>`. */
  readonly target: (uuid: string) => string;
  /** What starts every secret of this kind (`mjt-`), or nothing. */
  readonly secretPrefix: string;
  readonly notFound: (uuid: string) => AppError;
  readonly refusals: Readonly<Record<'invalid' | 'used' | 'expired', TokenRefusal>>;
}

/**
 * One-time tokens of one kind: an admin makes one (its secret shown once, kept only as a hash,
 * the make audited), lists them without their secrets, revokes one; a peer spends one once,
 * before it expires. A refusal is UNAUTHENTICATED, audited as an authentication failure.
 */
export interface OneTimeTokens {
  create(
    ctx: RequestContext,
    input: { readonly description: string | null; readonly expiresInSeconds: number },
  ): Promise<{ entry: OneTimeTokenEntry; secret: string }>;
  list(): Promise<OneTimeTokenEntry[]>;
  revoke(ctx: RequestContext, uuid: string): Promise<void>;
  /**
   * The unused, unexpired token a secret names; refused otherwise, the failure audited on the
   * token (on `unknownTarget` when no token has that secret).
   */
  check(ctx: RequestContext, secret: string, unknownTarget: string | null): Promise<OneTimeTokenRecord>;
  /** The refusal of a token another spender spent first (the loser of a race for one token). */
  refuseSpent(ctx: RequestContext, token: OneTimeTokenRecord): Promise<never>;
}

export function createOneTimeTokens(deps: {
  audit: AuditService;
  clock: Clock;
  kind: OneTimeTokenKind;
}): OneTimeTokens {
  const { audit, clock, kind } = deps;
  const stateOf = (token: OneTimeTokenRecord): OneTimeTokenState =>
    token.usedAt !== null ? 'used' : token.expiresAt <= clock.now() ? 'expired' : 'unused';

  async function refuse(ctx: RequestContext, target: string | null, refusal: TokenRefusal): Promise<never> {
    await audit.record(ctx, { target, event: 'auth.failure', outcome: 401, detail: refusal.message });
    ctx.audited = true;
    throw new AppError('UNAUTHENTICATED', refusal.message, refusal.rule === undefined ? undefined : { rule: refusal.rule });
  }

  return {
    async create(ctx, input) {
      const secret = `${kind.secretPrefix}${newTokenSecret()}`;
      const now = clock.now();
      const token: OneTimeTokenRecord = {
        uuid: randomUUID(), description: input.description, createdBy: ctx.actor?.userName ?? null, createdAt: now,
        expiresAt: now + input.expiresInSeconds * 1000, usedAt: null, usedBy: null,
      };
      const note = { target: kind.target(token.uuid), detail: `expires in ${input.expiresInSeconds} s` };
      await audit.change(ctx, note, (repos) => kind.repoIn(repos).insert(token, tokenHash(secret)));
      return { entry: { token, state: 'unused' }, secret };
    },
    async list() {
      return (await kind.repo.list()).map((token) => ({ token, state: stateOf(token) }));
    },
    async revoke(ctx, uuid) {
      const removed = await audit.change(ctx, { target: kind.target(uuid), detail: 'revoked' }, (repos) =>
        kind.repoIn(repos).remove(uuid));
      if (!removed) throw kind.notFound(uuid);
    },
    async check(ctx, secret, unknownTarget) {
      const token = await kind.repo.findBySecret(tokenHash(secret));
      if (!token) return refuse(ctx, unknownTarget, kind.refusals.invalid);
      const state = stateOf(token);
      if (state === 'used') return refuse(ctx, kind.target(token.uuid), kind.refusals.used);
      if (state === 'expired') return refuse(ctx, kind.target(token.uuid), kind.refusals.expired);
      return token;
    },
    refuseSpent: (ctx, token) => refuse(ctx, kind.target(token.uuid), kind.refusals.used),
  };
}
