import { notFound, type Clock } from '@murmuration/core/common';
import { JOIN_TOKEN_PREFIX } from '@murmuration/core/contract/dc-agent';
import type { DcAgentRepos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import { createOneTimeTokens, type OneTimeTokens } from '../identity/index.js';

/**
 * One-time tokens with which a system controller adopts this controller: an admin makes one
 * (shown once, kept only as a hash), the system controller spends it in its join request.
 * A refusal carries its rule: `join_token_invalid`, `join_token_used`, `join_token_expired`.
 */
export type JoinTokens = OneTimeTokens;

export const SPENT_TOKEN = 'The join token was already used; create a new one on this controller.';

export function createJoinTokens(deps: { store: Store<DcAgentRepos>; audit: AuditService; clock: Clock }): JoinTokens {
  return createOneTimeTokens({
    audit: deps.audit,
    clock: deps.clock,
    kind: {
      repo: deps.store.repos.joinTokens,
      repoIn: (repos) => repos.joinTokens,
      target: (uuid) => `dc_join_token:${uuid}`,
      secretPrefix: JOIN_TOKEN_PREFIX,
      notFound: (uuid) => notFound(`join token not found: ${uuid}`, { id: uuid }),
      refusals: {
        invalid: { message: 'The join token is not valid.', rule: 'join_token_invalid' },
        used: { message: SPENT_TOKEN, rule: 'join_token_used' },
        expired: { message: 'The join token has expired; create a new one on this controller.', rule: 'join_token_expired' },
      },
    },
  });
}
