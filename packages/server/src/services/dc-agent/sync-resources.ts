import type { Clock } from '@murmuration/core/common';
import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { identitySyncInput, platformSyncInput, softwareSyncInput } from '@murmuration/core/dc';
import type { FaultService } from '../fault/index.js';
import type { IdentityService } from '../identity/index.js';
import type { ReleaseService } from '../software/index.js';
import { syncDigest } from './sync-digest-hash.js';

/** What this controller holds of each synced endpoint type, as digests (its service accounts left out). */
export async function localSyncDigests(deps: {
  identity: IdentityService;
  fault: FaultService;
  releases: ReleaseService;
  clock: Clock;
}): Promise<SubcloudAuditReport['sync']> {
  const { identity, fault, releases } = deps;
  const [users, projects, roles, assignments, suppressions, silences, receivers, held] = await Promise.all([
    identity.users.list({}), identity.projects.list({}), identity.roles.list({}), identity.roles.assignments({}),
    fault.suppressions.list(), fault.silences.list(null), fault.receivers.list(), releases.list(),
  ]);
  return {
    identity: syncDigest(identitySyncInput({ users, projects, roles, assignments })),
    platform: syncDigest(platformSyncInput({ suppressions, silences, receivers, now: deps.clock.now() })),
    software: syncDigest(softwareSyncInput(held.map((r) => ({ id: r.metadata.id, state: r.state })))),
  };
}
