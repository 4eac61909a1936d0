/**
 * Sync status per endpoint type: whether a subcloud holds what the system controller holds
 * for the resources synced from it. The types are dcmanager's names for what is synced here:
 * `identity` (users, projects, roles, role assignments), `platform` (fleet-wide fault settings:
 * event suppression, silences, receivers) and `software` (releases).
 */

export const SYNC_STATUSES = ['in-sync', 'out-of-sync', 'unknown'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** The endpoint types each subcloud has a sync status for, in the order `show` lists them (by name). */
export const DC_ENDPOINT_TYPES = ['identity', 'platform', 'software'] as const;
export type DcEndpointType = (typeof DC_ENDPOINT_TYPES)[number];

/**
 * The endpoint types a system controller pushes whole to a subcloud (`PUT /dcagent/v1/sync/…`);
 * software is brought by orchestration and prestaging instead.
 */
export const PUSHED_ENDPOINT_TYPES = ['identity', 'platform'] as const satisfies readonly DcEndpointType[];
export type PushedEndpointType = (typeof PUSHED_ENDPOINT_TYPES)[number];

export interface EndpointSyncStatus {
  readonly endpointType: DcEndpointType;
  readonly syncStatus: SyncStatus;
}

/**
 * A subcloud's `sync_status` in a list: the first endpoint's value when all agree, otherwise
 * `out-of-sync` (so in-sync beside unknown is out-of-sync, as dcmanager computes it).
 */
export function aggregateSyncStatus(endpoints: readonly EndpointSyncStatus[]): SyncStatus {
  const first = endpoints[0];
  if (first === undefined) return 'unknown';
  return endpoints.every((e) => e.syncStatus === first.syncStatus) ? first.syncStatus : 'out-of-sync';
}

/** The sync status of an endpoint from the digest the subcloud reports and the central one. */
export function endpointSyncStatus(
  subcloudDigest: string | null | undefined,
  centralDigest: string | null,
): SyncStatus {
  if (subcloudDigest === undefined || subcloudDigest === null || centralDigest === null) return 'unknown';
  return subcloudDigest === centralDigest ? 'in-sync' : 'out-of-sync';
}
