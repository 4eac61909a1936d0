import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';

/** Keeps the event log to its newest `keep` records, trimming in the background in small steps. */
export interface EventRetention {
  /** Trims now; resolves to how many records went. */
  trimNow(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Records deleted per statement, so that a large backlog never holds the database for long. */
const STEP = 5000;

export function createEventRetention(deps: { store: Store; keep: number; intervalMs: number; logger: Logger }): EventRetention {
  const { store, keep, intervalMs, logger } = deps;
  let timer: NodeJS.Timeout | null = null;
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
    start() {
      timer = setInterval(() => void trimNow().catch((error: unknown) => logger.warn({ err: error }, 'event log trim failed')), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
