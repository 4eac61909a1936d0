/**
 * The source of time for every service. Production uses the system clock; tests pass a
 * manual clock so that expiries and lockouts can be checked without waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
