import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { BackgroundLoop } from '../../runtime/background-loop.js';
import { periodicLoop } from '../../runtime/periodic-loop.js';

/** Keeps the event log to its newest `keep` records, trimming in the background in small steps. */
export interface EventRetention {
  /** Trims now; resolves to how many records went. */
  trimNow(): Promise<number>;
  /** Trims every `intervalMs`. */
  readonly loop: BackgroundLoop;
}

/** Records deleted per statement, so that a large backlog never holds the database for long. */
const STEP = 5000;

export function createEventRetention(deps: {
  store: Store;
  keep: number;
  intervalMs: number;
  logger: Logger;
}): EventRetention {
  const { store, keep, intervalMs, logger } = deps;
  let running: Promise<number> | null = null;

  async function trim(): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = await store.repos.events.trim(keep, STEP);
      total += removed;
      if (removed < STEP) break;
      // Let requests in between steps.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (total > 0) logger.info({ trimmed: total, keep }, 'event log trimmed');
    return total;
  }

  function trimNow(): Promise<number> {
    running ??= trim().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    trimNow,
    loop: periodicLoop({
      name: 'event-log-trim',
      everyMs: intervalMs,
      run: trimNow,
      onError: (error) => logger.warn({ err: error }, 'event log trim failed'),
      // A trim asked for by hand may still run.
      async onStop() {
        await running?.catch(() => undefined);
      },
    }),
  };
}
