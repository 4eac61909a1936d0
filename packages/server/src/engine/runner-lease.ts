import type { HeldLock, Store } from '@murmuration/store';

/**
 * Whether this controller drives a kind's strategy: of the replicas over one database, the one that holds the
 * kind's lock (a PostgreSQL session lock, freed at once when its holder dies; on SQLite, one process: always).
 */
export interface RunnerLease {
  held(): boolean;
  /** True once held; false when another replica holds it. Throws when the database cannot be asked. */
  take(): Promise<boolean>;
  release(): Promise<void>;
}

/** The lease on `kind`'s runner; `lost` is told when the lock goes without a release (its connection failed). */
export function runnerLease(store: Pick<Store, 'locks'>, kind: string, lost: () => void): RunnerLease {
  let lock: HeldLock | null = null;
  let taking: Promise<boolean> | null = null;
  return {
    held: () => lock !== null,
    take() {
      if (lock) return Promise.resolve(true);
      taking ??= store.locks
        .tryHold(`strategy-runner:${kind}`, () => {
          lock = null;
          lost();
        })
        .then((taken) => {
          lock = taken;
          return taken !== null;
        })
        .finally(() => {
          taking = null;
        });
      return taking;
    },
    async release() {
      const held = lock;
      lock = null;
      await held?.release();
    },
  };
}
