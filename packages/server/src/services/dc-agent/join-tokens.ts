import { AppError, notFound, type Clock, type RequestContext, type RefusalRule } from '@murmuration/core/common';
import { JOIN_TOKEN_PREFIX, type JoinTokenState } from '@murmuration/core/contract/dc-agent';
import type { DcAgentRepos, JoinTokenRecord, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import { newTokenSecret, tokenHash } from '../identity/index.js';

/** A join token and whether it can still be used. */
export interface JoinTokenEntry {
  readonly token: JoinTokenRecord;
  readonly state: JoinTokenState;
}

/**
 * One-time tokens with which a system controller adopts this controller: an admin makes one
 * (shown once, kept only as a hash), the system controller spends it in its join request.
 */
export interface JoinTokens {
  create(
    ctx: RequestContext,
    input: { readonly description: string | null; readonly expiresInSeconds: number },
  ): Promise<{ entry: JoinTokenEntry; secret: string }>;
  list(): Promise<JoinTokenEntry[]>;
  revoke(ctx: RequestContext, uuid: string): Promise<void>;
  /** The unused, unexpired token a secret names; UNAUTHENTICATED (audited) with the rule otherwise. */
  check(ctx: RequestContext, secret: string): Promise<JoinTokenRecord>;
  /** An UNAUTHENTICATED refusal for a spent token, audited as an authentication failure. */
  refuse(ctx: RequestContext, target: string | null, rule: RefusalRule, message: string): Promise<never>;
}

export const SPENT_TOKEN = 'The join token was already used; create a new one on this controller.';

export function createJoinTokens(deps: { store: Store<DcAgentRepos>; audit: AuditService; clock: Clock }): JoinTokens {
  const { store, audit, clock } = deps;
  const stateOf = (token: JoinTokenRecord): JoinTokenState =>
    token.usedAt !== null ? 'used' : token.expiresAt <= clock.now() ? 'expired' : 'unused';

  const refuse: JoinTokens['refuse'] = async (ctx, target, rule, message) => {
    await audit.record(ctx, { target, event: 'auth.failure', outcome: 401, detail: message });
    ctx.audited = true;
    throw new AppError('UNAUTHENTICATED', message, { rule });
  };

  return {
    refuse,
    async create(ctx, input) {
      const secret = `${JOIN_TOKEN_PREFIX}${newTokenSecret()}`;
      const now = clock.now();
      const token: JoinTokenRecord = {
        uuid: randomUUID(), description: input.description, createdBy: ctx.actor?.userName ?? null, createdAt: now,
        expiresAt: now + input.expiresInSeconds * 1000, usedAt: null, usedBy: null,
      };
      const note = { target: `dc_join_token:${token.uuid}`, detail: `expires in ${input.expiresInSeconds} s` };
      await audit.change(ctx, note, (repos) => repos.joinTokens.insert(token, tokenHash(secret)));
      return { entry: { token, state: 'unused' }, secret };
    },
    async list() {
      return (await store.repos.joinTokens.list()).map((token) => ({ token, state: stateOf(token) }));
    },
    async revoke(ctx, uuid) {
      const note = { target: `dc_join_token:${uuid}`, detail: 'revoked' };
      const removed = await audit.change(ctx, note, (repos) => repos.joinTokens.remove(uuid));
      if (!removed) throw notFound(`join token not found: ${uuid}`, { id: uuid });
    },
    async check(ctx, secret) {
      const token = await store.repos.joinTokens.findBySecret(tokenHash(secret));
      if (!token) return refuse(ctx, null, 'join_token_invalid', 'The join token is not valid.');
      const target = `dc_join_token:${token.uuid}`;
      const state = stateOf(token);
      if (state === 'used') return refuse(ctx, target, 'join_token_used', SPENT_TOKEN);
      if (state === 'expired') {
        return refuse(ctx, target, 'join_token_expired', 'The join token has expired; create a new one on this controller.');
      }
      return token;
    },
  };
}
