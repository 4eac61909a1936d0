import type { Clock, RequestContext } from '@murmuration/core/common';
import type { DcSyncAnswer, IdentitySyncInput, PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import { checkIdentitySyncInput, checkPlatformSyncInput, isLocalAccount } from '@murmuration/core/dc';
import type { Repos, Store } from '@murmuration/store';
import type { FaultService, SyncedFaultState } from '../fault/index.js';
import type { IdentityService, SyncedIdentityState } from '../identity/index.js';
import { syncDigest } from './sync-digest-hash.js';
import { identityInput, platformInput } from './sync-resources.js';

/**
 * A system controller's push of one endpoint type's whole desired state: applied in one
 * transaction (one audit entry per change, none when nothing changed), so that afterwards this
 * controller's own input for that endpoint type equals the pushed one; answered with the digest
 * of what it then holds. The same push twice changes nothing the second time. A state that
 * does not hold together is refused before anything is applied.
 */
export interface SubcloudSync {
  identity(ctx: RequestContext, input: IdentitySyncInput): Promise<DcSyncAnswer>;
  platform(ctx: RequestContext, input: PlatformSyncInput): Promise<DcSyncAnswer>;
}

function identityState(input: IdentitySyncInput): SyncedIdentityState {
  return {
    users: input.users.map((u) => ({
      name: u.name, enabled: u.enabled, passwordHash: u.password_hash, defaultProject: u.default_project_name,
    })),
    projects: input.projects,
    roles: input.roles.map((r) => r.name),
    assignments: input.role_assignments.map((a) => ({ user: a.user_name, project: a.project_name, role: a.role_name })),
  };
}

function faultState(input: PlatformSyncInput): SyncedFaultState {
  return {
    suppressions: input.event_suppression.map((s) => ({ alarmId: s.alarm_id, status: s.suppression_status })),
    silences: input.silences.map((s) => ({
      matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.is_regex, isEqual: m.is_equal })),
      comment: s.comment, startsAt: s.starts_at, endsAt: s.ends_at,
    })),
    receivers: input.receivers,
  };
}

export function createSubcloudSync(deps: {
  store: Store;
  identity: IdentityService;
  fault: FaultService;
  clock: Clock;
  /** Called once a push changed something, so that the next audit answer shows it at once. */
  changed: () => void;
}): SubcloudSync {
  const { store, identity, fault } = deps;

  async function apply(ctx: RequestContext, work: (repos: Repos) => Promise<number>): Promise<void> {
    const changes = await store.transaction(work);
    // Nothing changed, nothing to record: a repeated push leaves the audit log as it was.
    if (changes === 0) ctx.audited = true;
    else deps.changed();
  }

  return {
    async identity(ctx, input) {
      checkIdentitySyncInput(input);
      const desired = identityState(input);
      await apply(ctx, (repos) => identity.synced.replaceIn(repos, ctx, desired, isLocalAccount));
      return { endpoint_type: 'identity', digest: syncDigest(await identityInput(deps)) };
    },
    async platform(ctx, input) {
      checkPlatformSyncInput(input);
      const desired = faultState(input);
      await apply(ctx, (repos) => fault.synced.replaceIn(repos, ctx, desired));
      return { endpoint_type: 'platform', digest: syncDigest(await platformInput(deps)) };
    },
  };
}
