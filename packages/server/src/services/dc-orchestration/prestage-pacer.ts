import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces one sender to `bytesPerSecond` (0: unlimited): each send waits until the bytes sent before it have had their
 * time, so the rate holds on average with a burst of one chunk, and time lost on a slow chunk is not made up later
 * by a burst. Written here rather than taken from a library: it is a few lines (a token bucket with room for one
 * chunk), one per transfer, on the monotonic clock.
 */
export function pacer(
  bytesPerSecond: number,
  now: () => number = () => performance.now(),
  wait: (ms: number, signal?: AbortSignal) => Promise<unknown> = (ms, signal) =>
    sleep(ms, undefined, signal ? { signal } : {}),
) {
  let nextAt = 0;
  return async (bytes: number, signal?: AbortSignal): Promise<void> => {
    if (bytesPerSecond <= 0) return;
    const t = now();
    if (nextAt < t) nextAt = t;
    const due = nextAt - t;
    nextAt += (bytes * 1000) / bytesPerSecond;
    if (due > 0) await wait(due, signal);
  };
}
