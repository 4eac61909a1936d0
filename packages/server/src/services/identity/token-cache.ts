import type { Actor } from '@murmuration/core/common';

interface Entry {
  readonly actor: Actor;
  readonly expiresAt: number;
}

/**
 * Validated tokens, so that a request with a known token costs no database round trip. Every revocation path drops
 * the affected entries (by token, by user, or all) on every replica (`TokenInvalidation`), and an entry never
 * outlives its token. It answers nothing while it is not `trusted` (a replica that hears no other's revocations).
 * A validation read before a drop is not kept after it (`generation`), so a revocation that commits while a request
 * reads the token is never undone by that request. Bounded: the oldest entries go first when full.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private drops = 0;

  constructor(
    private readonly trusted: () => boolean = () => true,
    private readonly capacity = 10_000,
  ) {}

  get(hash: string, now: number): Actor | null {
    if (!this.trusted()) return null;
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return null;
    }
    return entry.actor;
  }

  /** Moves at every drop: take it before reading a token, hand it to `put`. */
  generation(): number {
    return this.drops;
  }

  /** Keeps a validation read since `generation`; nothing when a drop came meanwhile. */
  put(hash: string, actor: Actor, expiresAt: number, generation: number): void {
    if (generation !== this.drops || !this.trusted()) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { actor, expiresAt });
  }

  dropToken(hash: string): void {
    this.drops += 1;
    this.entries.delete(hash);
  }

  dropUser(userId: string): void {
    this.drops += 1;
    for (const [hash, entry] of this.entries) if (entry.actor.userId === userId) this.entries.delete(hash);
  }

  clear(): void {
    this.drops += 1;
    this.entries.clear();
  }
}
