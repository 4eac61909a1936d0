/**
 * Which lane a password check waits in: logins from addresses that logged in successfully
 * before go first, then those with no recent failures, then the rest.
 */
export type CheckLane = 'trusted' | 'clean' | 'suspect';
const LANES: readonly CheckLane[] = ['trusted', 'clean', 'suspect'];

/**
 * Runs password checks (scrypt, on Node's small thread pool) a few at a time, lane by lane. A
 * flood of wrong passwords then waits behind an operator's login instead of in front of it,
 * and leaves thread-pool room for the rest of the process (file and DNS work share that pool).
 */
export interface PasswordCheckQueue {
  run<T>(lane: CheckLane, check: () => Promise<T>): Promise<T>;
}

export function createPasswordCheckQueue(concurrency: number): PasswordCheckQueue {
  const waiting: Record<CheckLane, Array<() => void>> = { trusted: [], clean: [], suspect: [] };
  let running = 0;

  function next(): void {
    while (running < concurrency) {
      const lane = LANES.find((l) => waiting[l].length > 0);
      if (!lane) return;
      const start = waiting[lane].shift()!;
      running++;
      start();
    }
  }

  return {
    run(lane, check) {
      return new Promise((resolve, reject) => {
        waiting[lane].push(() => {
          check()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
        next();
      });
    },
  };
}
