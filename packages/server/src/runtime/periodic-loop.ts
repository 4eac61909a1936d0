import { loopHealth, type BackgroundLoop, type LoopHealthRecorder } from './background-loop.js';

export interface PeriodicLoopOptions {
  readonly name: string;
  /** A pass begins every this many ms; one that would overlap the pass still under way is skipped. */
  readonly everyMs: number;
  /** One more pass this long after the start, ahead of the regular ones. */
  readonly firstAfterMs?: number;
  /** Runs once at the start, before any pass. */
  readonly onStart?: (signal: AbortSignal) => Promise<void>;
  /**
   * One pass; `signal` aborts when the loop stops. A pass that throws is recorded in the health and handed to
   * `onError`.
   */
  readonly run: (signal: AbortSignal) => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
  /** Runs at the stop, once the pass under way has ended. */
  readonly onStop?: () => Promise<void>;
}

export interface PeriodicLoop extends BackgroundLoop {
  readonly health: LoopHealthRecorder;
}

/**
 * A loop on a timer (not keeping the process alive). Its lag is how late its latest pass began
 * after it was due, or how overdue the next one is while a pass runs on or the event loop is held.
 */
export function periodicLoop(options: PeriodicLoopOptions): PeriodicLoop {
  const { everyMs } = options;
  let timer: NodeJS.Timeout | null = null;
  let first: NodeJS.Timeout | null = null;
  let pass: Promise<void> | null = null;
  let signal: AbortSignal = AbortSignal.abort();
  let due = Infinity;
  let lastLag = 0;
  const health = loopHealth(() => Math.max(lastLag, performance.now() - due));

  function begin(): void {
    if (pass || signal.aborted) return;
    pass = options
      .run(signal)
      .then(
        () => undefined,
        (error: unknown) => {
          health.failed(error);
          options.onError?.(error);
        },
      )
      .finally(() => {
        pass = null;
      });
  }

  function tick(): void {
    const now = performance.now();
    if (pass) return; // The pass due now is still owed: the lag keeps growing until one begins.
    lastLag = Math.max(0, now - due);
    due = now + everyMs;
    begin();
  }

  function halt(): void {
    if (timer) clearInterval(timer);
    if (first) clearTimeout(first);
    timer = null;
    first = null;
    due = Infinity;
  }

  return {
    name: options.name,
    health,
    async start(given) {
      signal = given;
      signal.addEventListener('abort', halt, { once: true });
      await options.onStart?.(signal);
      if (signal.aborted) return;
      due = performance.now() + everyMs;
      timer = setInterval(tick, everyMs);
      timer.unref();
      if (options.firstAfterMs !== undefined) {
        first = setTimeout(begin, options.firstAfterMs);
        first.unref();
      }
    },
    async stop() {
      halt();
      await pass;
      await options.onStop?.();
    },
  };
}
