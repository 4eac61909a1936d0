/** A lock this process holds until it releases it or loses it. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Named locks that exclude the other processes over the same database, held for as long as this process and its
 * connection to the database live: a process killed outright frees its locks at once.
 */
export interface SessionLocks {
  /**
   * Takes the lock `name` if nobody holds it (another process, or this one); null when held. `lost` is called if
   * the lock goes without a `release` (its connection failed): from then on another process may hold it.
   */
  tryHold(name: string, lost: () => void): Promise<HeldLock | null>;
  close(): Promise<void>;
}

/** Locks held in this process only: SQLite's, whose database one process holds (its data-directory lock). */
export function localSessionLocks(): SessionLocks {
  const held = new Set<string>();
  return {
    async tryHold(name) {
      if (held.has(name)) return null;
      held.add(name);
      return { release: async () => void held.delete(name) };
    },
    close: async () => held.clear(),
  };
}
