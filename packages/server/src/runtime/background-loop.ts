import { failureText } from './failure-text.js';

/** A loop's last failure: what it said, and when (wall time, ms). */
export interface LoopFailure {
  readonly message: string;
  readonly at: number;
}

/** What a loop tells about itself on /metrics. */
export interface LoopHealth {
  /** How far behind its schedule the loop is, in ms (0 on time). */
  lagMs(): number;
  readonly errors: number;
  readonly lastError: LoopFailure | null;
}

/** The health a loop keeps: it reports each failure as it happens. */
export interface LoopHealthRecorder extends LoopHealth {
  failed(error: unknown): void;
}

/**
 * Work a controller does in the background (a sweep, a trim, a delivery, a strategy run). The
 * controller's loop runtime starts every loop once and stops them in the reverse order.
 */
export interface BackgroundLoop {
  /** Names the loop in logs and in the metrics' `loop` label. */
  readonly name: string;
  readonly health: LoopHealth;
  /** Starts the loop; it winds down once `signal` aborts (no new pass begins). */
  start(signal: AbortSignal): Promise<void>;
  /** Resolves once the pass under way, if any, has ended; called after the signal aborted. */
  stop(): Promise<void>;
}

/** Health whose lag comes from `lagMs` (a loop that keeps no schedule reports none). */
export function loopHealth(lagMs: () => number = () => 0): LoopHealthRecorder {
  let errors = 0;
  let lastError: LoopFailure | null = null;
  return {
    lagMs,
    get errors() {
      return errors;
    },
    get lastError() {
      return lastError;
    },
    failed(error) {
      errors += 1;
      lastError = { message: failureText(error), at: Date.now() };
    },
  };
}
