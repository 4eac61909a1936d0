import { randomBytes } from 'node:crypto';
import type { HollowSubcloud, HollowToken } from './hollow-subcloud.js';

/**
 * A hollow subcloud keeps the newest few tokens of its account, not every one it ever issued: a
 * system controller (or two replicas) holds one at a time, and the fleet's memory stays flat.
 */
export const HOLLOW_TOKENS_KEPT = 8;

/** A new token for the subcloud's account, valid for `ttlMs` from `now`. */
export function issueHollowToken(subcloud: HollowSubcloud, now: number, ttlMs: number): HollowToken {
  const token = { secret: randomBytes(32).toString('base64url'), expiresAt: now + ttlMs };
  const live = subcloud.tokens.filter((t) => t.expiresAt > now);
  live.push(token);
  subcloud.tokens = live.slice(-HOLLOW_TOKENS_KEPT);
  return token;
}

/** Whether `secret` is a live token of the subcloud's account. */
export function hollowTokenValid(subcloud: HollowSubcloud, secret: string | undefined, now: number): boolean {
  if (secret === undefined || subcloud.account === null) return false;
  const tokens = subcloud.tokens;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.secret === secret) return token.expiresAt > now;
  }
  return false;
}
