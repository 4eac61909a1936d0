import type { Logger } from 'pino';
import type { BackgroundLoop } from './background-loop.js';

/** The controller's background loops: started in their order, stopped in the reverse one. */
export interface LoopRuntime {
  readonly loops: readonly BackgroundLoop[];
  start(): Promise<void>;
  /** Aborts each loop's signal and waits for its pass under way, the last started first. */
  stop(): Promise<void>;
}

export function createLoopRuntime(loops: readonly BackgroundLoop[], logger: Logger): LoopRuntime {
  const names = new Set<string>();
  for (const loop of loops) {
    if (names.has(loop.name)) throw new Error(`two background loops are named ${loop.name}`);
    names.add(loop.name);
  }
  const started: Array<{ loop: BackgroundLoop; abort: AbortController }> = [];
  return {
    loops,
    async start() {
      for (const loop of loops) {
        const abort = new AbortController();
        started.push({ loop, abort });
        await loop.start(abort.signal);
      }
    },
    async stop() {
      while (started.length > 0) {
        const { loop, abort } = started.pop()!;
        abort.abort();
        // One loop that fails to stop must not keep the others running.
        await loop.stop().catch((error: unknown) => logger.warn({ err: error, loop: loop.name }, 'a background loop did not stop cleanly'));
      }
    },
  };
}
