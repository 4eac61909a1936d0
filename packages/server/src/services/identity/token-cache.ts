import type { Actor } from '@murmuration/core/common';

interface Entry {
  readonly actor: Actor;
  readonly expiresAt: number;
}

/**
 * Validated tokens, so that a request with a known token costs no database round trip.
 * Every revocation path drops the affected entries (by token, by user, or all), and an entry
 * never outlives its token. Bounded: the oldest entries go first when full.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

  get(hash: string, now: number): Actor | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return null;
    }
    return entry.actor;
  }

  put(hash: string, actor: Actor, expiresAt: number): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { actor, expiresAt });
  }

  dropToken(hash: string): void {
    this.entries.delete(hash);
  }

  dropUser(userId: string): void {
    for (const [hash, entry] of this.entries) if (entry.actor.userId === userId) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }
}
