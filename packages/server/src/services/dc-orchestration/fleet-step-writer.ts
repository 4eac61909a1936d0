import type { FleetStepChanges } from '@murmuration/core/dc';
import type { Store } from '@murmuration/store';

/** Writes the transitions of a fleet strategy's step rows (`fleet_strategy_steps`), many in one transaction. */
export interface FleetStepWriter {
  /**
   * Records changes of one subcloud's row; resolves once they are committed, or rejects when their transaction
   * failed. Changes given while a transaction is under way go together in the next one (the changes of one row
   * merged, the later ones winning), so the rows of a window moving at once cost one commit rather than one each.
   */
  write(subcloudId: number, changes: FleetStepChanges, at: number): Promise<void>;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Changes of a row with `later` applied over `earlier` (a change not given leaves the earlier one). */
function merged(earlier: FleetStepChanges, later: FleetStepChanges): FleetStepChanges {
  const out: Record<string, unknown> = { ...earlier };
  for (const [key, value] of Object.entries(later)) if (value !== undefined) out[key] = value;
  return out as FleetStepChanges;
}

/**
 * Group commit for step rows: the first change starts a transaction at the next turn of the event loop; what comes
 * in while it runs waits for the next one, started as soon as it ends. A change is never written later than one
 * transaction after it is given, and never before a change given earlier to the same row.
 */
export function fleetStepWriter(store: Store, strategyUuid: string): FleetStepWriter {
  let pending = new Map<number, { changes: FleetStepChanges; at: number }>();
  let waiters: Waiter[] = [];
  let writing = false;

  async function writeAll(): Promise<void> {
    while (pending.size > 0) {
      const batch = pending;
      const told = waiters;
      pending = new Map();
      waiters = [];
      try {
        const updates = [...batch].map(([subcloudId, { changes, at }]) => ({ subcloudId, changes, at }));
        const { durable } = await store.commit((repos) => repos.fleetSteps.updateMany(strategyUuid, updates));
        // Committed is what a row's transition needs (it survives the process killed at once), as when each was
        // its own statement; the sync of SQLite's log for a power loss is not waited for.
        durable.catch(() => undefined);
        for (const waiter of told) waiter.resolve();
      } catch (error) {
        for (const waiter of told) waiter.reject(error);
      }
    }
    writing = false;
  }

  return {
    write(subcloudId, changes, at) {
      const held = pending.get(subcloudId);
      pending.set(subcloudId, { changes: held ? merged(held.changes, changes) : changes, at });
      const committed = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (!writing) {
        writing = true;
        setImmediate(() => void writeAll());
      }
      return committed;
    },
  };
}
