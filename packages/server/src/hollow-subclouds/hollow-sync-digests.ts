import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { canonicalJson, DC_ENDPOINT_TYPES, type DcEndpointType } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import type { HollowSubcloud } from './hollow-subcloud.js';

/**
 * What a hollow subcloud holds of each synced endpoint type: nothing of identity or platform (no
 * user, suppression, silence or receiver has been synced to it), and its releases for software.
 */
function syncedResources(subcloud: HollowSubcloud): Readonly<Record<DcEndpointType, unknown>> {
  return { identity: [], platform: [], software: subcloud.releases };
}

/** The digest per endpoint type: SHA-256 (hex) of the canonical JSON of what it holds. */
export function hollowSyncDigests(subcloud: HollowSubcloud): SubcloudAuditReport['sync'] {
  const resources = syncedResources(subcloud);
  const digest = (type: DcEndpointType) => createHash('sha256').update(canonicalJson(resources[type])).digest('hex');
  return Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, digest(type)])) as SubcloudAuditReport['sync'];
}
