import type { Repos } from '@murmuration/store';
import type { ReplicaCaches } from '../replica-caches/index.js';
import type { TokenCache } from './token-cache.js';

/**
 * What makes cached validations stale, published inside the transaction of the change: every replica's token
 * cache drops it once the change commits (this one's at once after the commit).
 */
export interface TokenInvalidation {
  /** One token revoked. */
  token(repos: Repos, hash: string): Promise<void>;
  /** A user's tokens revoked, or what they carry changed (roles, enabled). */
  user(repos: Repos, userId: string): Promise<void>;
  /** Everything: a role or a project that cached callers carry changed. */
  all(repos: Repos): Promise<void>;
}

const TOKEN = 'token:';
const USER = 'user:';

/** Makes `cache` follow the token topic of the replicas' caches and publishes on it. */
export function tokenInvalidation(caches: ReplicaCaches, cache: TokenCache): TokenInvalidation {
  caches.follow('tokens', (key) => {
    if (key === null) cache.clear();
    else if (key.startsWith(TOKEN)) cache.dropToken(key.slice(TOKEN.length));
    else if (key.startsWith(USER)) cache.dropUser(key.slice(USER.length));
    else cache.clear();
  });
  return {
    token: (repos, hash) => caches.changed(repos, 'tokens', `${TOKEN}${hash}`),
    user: (repos, userId) => caches.changed(repos, 'tokens', `${USER}${userId}`),
    all: (repos) => caches.changed(repos, 'tokens', null),
  };
}
