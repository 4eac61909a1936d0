import type { EventRecord } from '@murmuration/core/fault';
import type { Store } from '@murmuration/store';
import type { BackgroundLoop } from '../../runtime/background-loop.js';
import { periodicLoop } from '../../runtime/periodic-loop.js';

/**
 * Follows the event log in commit order and hands new records to listeners (the stream, the
 * receivers). It reads the log itself rather than trusting in-process calls, so it also sees
 * records committed inside other services' transactions. A missing sequence number (a
 * transaction still in flight, or one rolled back) holds the feed back until it appears or
 * `gapWaitMs` passes.
 */
export interface EventFeed {
  /** Every record up to this sequence number has been handed to listeners. */
  position(): number;
  /** Something was committed: read soon. */
  poke(): void;
  /**
   * Calls `listener` with each new run of records committed after the call, oldest first.
   * Resolves to the unsubscribe. With no listener the feed does not read at all.
   */
  subscribe(listener: (events: readonly EventRecord[]) => void): Promise<() => void>;
  /** Reads every `pollMs` besides the pokes, from the end of the log as it is at the start. */
  readonly loop: BackgroundLoop;
}

const READ_LIMIT = 1000;

export function createEventFeed(deps: {
  store: Store;
  pollMs: number;
  gapWaitMs: number;
  onError: (error: unknown) => void;
}): EventFeed {
  const { store, pollMs, gapWaitMs } = deps;
  const listeners = new Set<(events: readonly EventRecord[]) => void>();
  let position = 0;
  let gapSince: number | null = null;
  let reading: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  async function readOnce(): Promise<boolean> {
    const events = await store.repos.events.range(position, Number.MAX_SAFE_INTEGER, READ_LIMIT);
    if (events.length === 0) return false;
    let ready = 0;
    let expected = position + 1;
    for (const event of events) {
      if (event.seq !== expected) break;
      ready += 1;
      expected += 1;
    }
    if (ready === 0) {
      // The next number is missing: wait for it a while, then accept that it will never come.
      gapSince ??= Date.now();
      if (Date.now() - gapSince < gapWaitMs) return false;
      ready = 1;
    }
    gapSince = null;
    const batch = events.slice(0, ready);
    position = batch.at(-1)!.seq;
    for (const listener of listeners) listener(batch);
    return ready === READ_LIMIT || ready < events.length;
  }

  async function read(): Promise<void> {
    do {
      again = false;
      try {
        while (!stopped && (await readOnce()));
      } catch (error) {
        loop.health.failed(error);
        deps.onError(error);
      }
    } while (again && !stopped);
    reading = null;
  }

  function poke(): void {
    if (stopped || listeners.size === 0) return;
    if (reading) {
      again = true;
      return;
    }
    reading = read();
  }

  const loop = periodicLoop({
    name: 'event-feed',
    everyMs: pollMs,
    async onStart(signal) {
      stopped = false;
      signal.addEventListener('abort', () => (stopped = true), { once: true });
      position = await store.repos.events.maxSeq();
    },
    run: async () => poke(),
    async onStop() {
      stopped = true;
      await reading;
    },
  });

  return {
    position: () => position,
    poke,
    async subscribe(listener) {
      if (listeners.size === 0) {
        // Idle until now: catch up with the log without replaying it.
        while (reading) await reading;
        position = Math.max(position, await store.repos.events.maxSeq());
        gapSince = null;
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    loop,
  };
}
