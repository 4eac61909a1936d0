/**
 * When a strategy across subclouds looks again at one subcloud's own strategy while it builds or applies.
 *
 * The subclouds of one fleet strategy take the same release on like hardware, so their builds and applies last
 * about as long as each other: what the subclouds done so far took tells when the next one is due. Until then a
 * subcloud is looked at every `maxMs` (its progress and an early failure show within that); from the due time on,
 * or from the start while nothing is known yet, the looks come `firstMs` apart, twice as long each time, up to
 * `maxMs`. So the end of a subcloud's apply is seen soon after it happens, with few looks before it.
 */

/** What the subclouds of a strategy took so far for one thing (a build, an apply). */
export interface PeerDurations {
  /**
   * A subcloud done: the shortest it can have taken, from the answer that started it to the last look that saw it
   * not done yet (the end came after that look was sent).
   */
  observe(lowerBoundMs: number): void;
  /** When the next one is likely done, in ms after its start: the median of the recent lower bounds (null: none). */
  expected(): number | null;
}

/** How many of the most recent subclouds the expectation is taken from. */
const KEPT = 64;

export function peerDurations(): PeerDurations {
  const recent: number[] = [];
  let next = 0;
  let median: number | null = null;
  return {
    observe(lowerBoundMs) {
      const value = Math.max(0, lowerBoundMs);
      if (recent.length < KEPT) recent.push(value);
      else recent[next] = value;
      next = (next + 1) % KEPT;
      median = null;
    },
    expected() {
      if (recent.length === 0) return null;
      median ??= [...recent].sort((a, b) => a - b)[Math.floor((recent.length - 1) / 2)]!;
      return median;
    },
  };
}

export interface LookScheduleInput {
  /** When the build or apply started (the answer to the request that started it), epoch ms. */
  readonly startedAt: number;
  /** How long it is expected to take (see PeerDurations); null when nothing is known. */
  readonly expectedMs: number | null;
  readonly firstMs: number;
  readonly maxMs: number;
}

/** The waits before each next look, in turn. */
export interface LookSchedule {
  /** How long to wait, from `now`, before the next look. */
  next(now: number): number;
}

export function lookSchedule(input: LookScheduleInput): LookSchedule {
  const { firstMs, maxMs } = input;
  let dueAt = input.expectedMs === null ? null : input.startedAt + input.expectedMs;
  let wait = Math.min(firstMs, maxMs);
  return {
    next(now) {
      if (dueAt !== null) {
        const untilDue = dueAt - now;
        if (untilDue > maxMs) return maxMs;
        // The look at the due time; those after it start close together again.
        dueAt = null;
        wait = Math.min(firstMs, maxMs);
        return Math.max(0, untilDue);
      }
      const current = wait;
      wait = Math.min(maxMs, wait * 2);
      return current;
    },
  };
}
