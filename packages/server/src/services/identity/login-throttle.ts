import type { Clock } from '@murmuration/core/common';
import type { LoginThrottleSettings } from './identity-config.js';
import type { CheckLane } from './password-check-queue.js';

/** A login allowed to go on; say how it ended so that failures count against its keys. */
export interface LoginTicket {
  settle(succeeded: boolean): void;
}

export type Admission =
  | { readonly admitted: true; readonly ticket: LoginTicket; readonly lane: CheckLane }
  | {
      readonly admitted: false;
      readonly by: 'source' | 'user';
      readonly retryAfterSeconds: number;
    };

interface Window {
  start: number;
  failures: number;
  inFlight: number;
}

// Keys are addresses and names an attacker chooses; the table forgets idle ones past this size.
const MAX_KEYS = 20_000;
/** An address that logged in successfully this recently goes first when checks queue up. */
const TRUST_MS = 24 * 3600 * 1000;

/**
 * Throttles failed logins per source address and per user name in fixed windows. Logins in
 * flight count as failures until they succeed, so a burst of parallel guesses is refused at the
 * limit before any of them costs a password hash. Kept in memory: it protects this process's
 * CPU, and a restart forgetting it is harmless (the account lockout is in the database).
 */
export interface LoginThrottle {
  /** Lets a login go on (settle its ticket when it is decided) or says why and for how long not. */
  admit(source: string, userName: string): Admission;
}

export function createLoginThrottle(settings: LoginThrottleSettings, clock: Clock): LoginThrottle {
  const windowMs = settings.windowSeconds * 1000;
  const windows = new Map<string, Window>();
  const trusted = new Map<string, number>();

  function current(key: string, now: number): Window {
    const known = windows.get(key);
    if (known) {
      // A new window keeps the logins still in flight (their tickets hold this object).
      if (now - known.start >= windowMs) Object.assign(known, { start: now, failures: 0 });
      return known;
    }
    if (windows.size >= MAX_KEYS) forgetIdle(now);
    const fresh: Window = { start: now, failures: 0, inFlight: 0 };
    windows.set(key, fresh);
    return fresh;
  }

  function forgetIdle(now: number): void {
    for (const [key, w] of windows) if (w.inFlight === 0 && now - w.start >= windowMs) windows.delete(key);
    // Still full of live keys: forget the oldest idle ones rather than grow without bound.
    for (const [key, w] of windows) {
      if (windows.size < MAX_KEYS) break;
      if (w.inFlight === 0) windows.delete(key);
    }
  }

  const over = (w: Window, limit: number): boolean => limit > 0 && w.failures + w.inFlight >= limit;

  return {
    admit(source: string, userName: string): Admission {
      const now = clock.now();
      const bySource = current(`s:${source}`, now);
      const byUser = current(`u:${userName.toLowerCase()}`, now);
      for (const [by, w, limit] of [['source', bySource, settings.perSource], ['user', byUser, settings.perUser]] as const) {
        if (!over(w, limit)) continue;
        return { admitted: false, by, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
      }
      const lastSuccess = trusted.get(source);
      const isTrusted = lastSuccess !== undefined && now - lastSuccess < TRUST_MS;
      // A burst from one address or at one name is suspect from its second attempt on.
      const lane: CheckLane =
        bySource.failures > 0 || byUser.failures > 0 || (!isTrusted && (bySource.inFlight > 0 || byUser.inFlight > 0)) ? 'suspect' : isTrusted ? 'trusted' : 'clean';
      bySource.inFlight++;
      byUser.inFlight++;
      let settled = false;
      return {
        admitted: true,
        lane,
        ticket: {
          settle(succeeded) {
            if (settled) return;
            settled = true;
            for (const w of [bySource, byUser]) {
              w.inFlight--;
              if (!succeeded) w.failures++;
            }
            if (succeeded) {
              trusted.delete(source);
              if (trusted.size >= MAX_KEYS) trusted.delete(trusted.keys().next().value!);
              trusted.set(source, clock.now());
            }
          },
        },
      };
    },
  };
}
