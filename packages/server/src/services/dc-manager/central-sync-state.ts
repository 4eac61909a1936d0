import type { Clock } from '@murmuration/core/common';
import type { DcEndpointType, DcSyncInputs } from '@murmuration/core/dc';
import type { Store } from '@murmuration/store';
import { ttlValue } from '../../runtime/ttl-value.js';
import { syncDigests, syncInputs, type SyncedRepos } from '../dc-agent/index.js';

/** How long the central state serves: at most one computation a second, whatever the number of subclouds. */
export const CENTRAL_SYNC_STATE_TTL_MS = 1000;

/** What a system controller holds of each synced endpoint type: what it pushes, and its digests. */
export interface CentralSyncSnapshot {
  /** Per endpoint type, the value the digest is computed over, which is also the body pushed. */
  readonly inputs: DcSyncInputs;
  readonly digests: Readonly<Record<DcEndpointType, string>>;
}

export interface CentralSyncState {
  /** The snapshot as it stands, computed at most once per `CENTRAL_SYNC_STATE_TTL_MS` (callers meanwhile share it). */
  current(): Promise<CentralSyncSnapshot>;
}

/**
 * The central side of sync: the system controller's own users, projects, roles, assignments,
 * fault settings and running releases, read and digested with the same builders and the same
 * hash as a subcloud's audit answer, so that a subcloud that applied a pushed state reports the
 * central digest. Cached for a second: an audit cycle over many subclouds compares against one
 * computation, and a central change shows within a second.
 */
export function centralSyncState(deps: { store: Store<SyncedRepos>; clock: Clock }): CentralSyncState {
  const snapshot = ttlValue(CENTRAL_SYNC_STATE_TTL_MS, deps.clock, async (): Promise<CentralSyncSnapshot> => {
    const inputs = await syncInputs(deps);
    return { inputs, digests: syncDigests(inputs) };
  });
  return { current: () => snapshot.current() };
}
