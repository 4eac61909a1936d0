import type { Clock } from '@murmuration/core/common';
import type { IdentitySyncInput, PlatformSyncInput, SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import {
  DC_ENDPOINT_TYPES, identitySyncInput, platformSyncInput, softwareSyncInput, type DcSyncInputs,
} from '@murmuration/core/dc';
import type { FaultRepos, IdentityRepos, SoftwareRepos, Store } from '@murmuration/store';
import { syncDigest } from './sync-digest-hash.js';

/** The repositories the synced resources are read from. */
export type SyncedRepos = IdentityRepos & FaultRepos & SoftwareRepos;

type SyncSource = { readonly store: Store<SyncedRepos>; readonly clock: Clock };

/** Users, projects, roles and assignments, by name (local accounts left out). */
export async function identityInput({ store: { repos } }: SyncSource): Promise<IdentitySyncInput> {
  const [users, projects, roles, assignments] = await Promise.all([
    repos.users.list({}), repos.projects.list({}), repos.roles.list({}), repos.assignments.list({}),
  ]);
  return identitySyncInput({ users, projects, roles, assignments });
}

/** Suppression, the silences not yet ended, receivers. */
export async function platformInput({ store: { repos }, clock }: SyncSource): Promise<PlatformSyncInput> {
  const now = clock.now();
  const [suppressions, silences, receivers] = await Promise.all([
    repos.suppressions.list(), repos.silences.list(now), repos.receivers.list(),
  ]);
  return platformSyncInput({ suppressions, silences, receivers, now });
}

/**
 * What this controller holds of each synced endpoint type, as the digests are computed over.
 * A subcloud reads it for its audit answer, a system controller for the state it pushes and
 * compares: the same reads and builders on both sides.
 */
export async function syncInputs(source: SyncSource): Promise<DcSyncInputs> {
  const [identity, platform, releases] = await Promise.all([
    identityInput(source), platformInput(source), source.store.repos.releases.list(),
  ]);
  const software = softwareSyncInput(releases.map((r) => ({ id: r.metadata.id, state: r.state })));
  return { identity, platform, software };
}

/** The digest of each endpoint type's input. */
export function syncDigests(inputs: DcSyncInputs): SubcloudAuditReport['sync'] {
  return Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, syncDigest(inputs[type])])) as SubcloudAuditReport['sync'];
}
