import type { Clock } from '@murmuration/core/common';

/** A value computed at most once per `ttlMs`; callers that ask meanwhile share that computation. */
export interface TtlValue<T> {
  current(): Promise<T>;
  /** Forgets the value: the next caller computes it again. */
  invalidate(): void;
}

/**
 * For answers many callers ask for and that may lag a change by up to `ttlMs`: a burst costs one
 * computation. A failed computation is not kept: the next caller tries again.
 */
export function ttlValue<T>(ttlMs: number, clock: Clock, compute: () => Promise<T>): TtlValue<T> {
  let cached: { readonly at: number; readonly value: Promise<T> } | null = null;
  return {
    current() {
      const now = clock.now();
      if (cached === null || now - cached.at >= ttlMs) {
        const entry = { at: now, value: compute() };
        cached = entry;
        entry.value.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return cached.value;
    },
    invalidate() {
      cached = null;
    },
  };
}
