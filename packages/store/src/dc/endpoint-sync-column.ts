import { DC_ENDPOINT_TYPES, type DcEndpointType, type SyncStatus } from '@murmuration/core/dc';

/** A subcloud's `endpoint_sync` column read back: every endpoint type, unknown when missing. */
export function endpointSyncOf(text: string): Record<DcEndpointType, SyncStatus> {
  const stored = JSON.parse(text) as Partial<Record<DcEndpointType, SyncStatus>>;
  return Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, stored[type] ?? 'unknown'])) as Record<
    DcEndpointType,
    SyncStatus
  >;
}
