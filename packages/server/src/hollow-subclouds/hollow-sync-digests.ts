import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { canonicalJson, identitySyncInput, platformSyncInput, softwareSyncInput } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import { releaseStates } from './hollow-releases.js';
import type { HollowSubcloud } from './hollow-subcloud.js';

const digest = (input: unknown) => createHash('sha256').update(canonicalJson(input)).digest('hex');

/**
 * The digest per endpoint type, by the builders a real subcloud uses: over nothing synced yet for
 * identity and platform (its own account is local and never counted), over its releases for
 * software; a digest the control API set stands in for what a sync would have brought.
 */
export function hollowSyncDigests(subcloud: HollowSubcloud): SubcloudAuditReport['sync'] {
  const releases = releaseStates(subcloud).map((r) => ({ id: r.release_id, state: r.state }));
  return {
    identity: digest(identitySyncInput({ users: [], projects: [], roles: [], assignments: [] })),
    platform: digest(platformSyncInput({ suppressions: [], silences: [], receivers: [], now: 0 })),
    software: digest(softwareSyncInput(releases)),
    ...subcloud.syncOverride,
  };
}
