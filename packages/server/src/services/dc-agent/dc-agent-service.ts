import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { IdentityService } from '../identity/index.js';
import type { HostService, SystemService } from '../inventory/index.js';
import type { ReleaseService } from '../software/index.js';
import { createJoinTokens, type JoinTokens } from './join-tokens.js';
import { createPrestageReceiver, type PrestageReceiver } from './prestage-receiver.js';
import { createPrestageStaging } from './prestage-staging.js';
import { createSubcloudJoin, type SubcloudJoin } from './subcloud-join.js';
import { createSubcloudMembership, type SubcloudMembership } from './subcloud-membership.js';
import { createSubcloudReport, type AuditAnswer } from './subcloud-report.js';
import { createSubcloudSync, type SubcloudSync } from './subcloud-sync.js';

/**
 * What every controller serves so that a system controller can adopt it as a subcloud, audit
 * it and sync it: join tokens, the join itself, the one aggregate audit answer, the pushes
 * of the synced endpoint types' desired states, the release bundles it prestages, and leaving the system
 * controller.
 */
export interface DcAgentService {
  readonly tokens: JoinTokens;
  readonly join: SubcloudJoin;
  readonly sync: SubcloudSync;
  /** Release bundles a system controller prestages to this controller. */
  readonly prestage: PrestageReceiver;
  /** The audit answer as it stands (computed at most once a second). */
  auditAnswer(): Promise<AuditAnswer>;
  /** The system controller that adopted this controller, and leaving it. */
  readonly membership: SubcloudMembership;
}

export function createDcAgentService(deps: {
  store: Store;
  audit: AuditService;
  identity: IdentityService;
  systems: SystemService;
  hosts: HostService;
  releases: ReleaseService;
  fault: FaultService;
  clock: Clock;
  dataDir: string;
}): DcAgentService {
  const { store, audit, identity, systems, releases, fault, clock } = deps;
  const tokens = createJoinTokens({ store, audit, clock });
  const report = createSubcloudReport(deps);
  return {
    tokens,
    sync: createSubcloudSync({ store, identity, fault, clock, changed: () => report.invalidate() }),
    prestage: createPrestageReceiver({ staging: createPrestageStaging(deps.dataDir), releases, audit }),
    join: createSubcloudJoin({ store, audit, identity, systems, tokens, clock }),
    auditAnswer: () => report.current(),
    membership: createSubcloudMembership({ store, audit, identity }),
  };
}
