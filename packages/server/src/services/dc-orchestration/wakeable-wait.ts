/** A wait that ends after its time, or at once when woken (a wake with nobody waiting is kept for the next wait). */
export interface WakeableWait {
  until(ms: number): Promise<void>;
  wake(): void;
}

export function wakeableWait(): WakeableWait {
  let pending = false;
  let release: (() => void) | null = null;
  return {
    until(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          release = null;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        release = done;
      });
    },
    wake() {
      if (release) release();
      else pending = true;
    },
  };
}
