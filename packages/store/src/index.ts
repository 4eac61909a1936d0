export { openStore } from './store.js';
export type { Committed, Store, StoreLocation } from './store.js';
export type { CommitHooks, Repos } from './repos/repos.js';
export type { OneTimeTokenRecord, OneTimeTokenRepo } from './repos/one-time-token-repo.js';
export type { DialectName } from './dialects/dialect-name.js';
export type { MigrationReport } from './migrator.js';
export type { NoticeFeed, NoticeListener } from './replicas/notice-feed.js';
export type { Notice, NoticeRepo } from './replicas/notice-repo.js';
export type { ReplicaRepos } from './replicas/replicas-domain.js';
export type { HeldLock, SessionLocks } from './replicas/session-locks.js';

export type { IdentityRepos } from './identity/identity-repos.js';
export type { UserChanges, UserFilter, UserRepo } from './identity/user-repo.js';
export type { ProjectChanges, ProjectRepo } from './identity/project-repo.js';
export type { RoleRepo } from './identity/role-repo.js';
export type { AssignmentFilter, AssignmentRepo } from './identity/assignment-repo.js';
export type { TokenRepo } from './identity/token-repo.js';
export type { PasswordHistoryRepo } from './identity/password-history-repo.js';

export type { AuditRepos } from './audit/audit-repos.js';
export type { AuditFilter, AuditHead, AuditRepo } from './audit/audit-repo.js';

export type { InventoryRepos } from './inventory/inventory-repos.js';
export type { NewSystem, SystemRepo } from './inventory/system-repo.js';
export type { HostChanges, HostRepo, NewHost, StoredHost } from './inventory/host-repo.js';
export type { HostInventoryRepo, InventoryItem } from './inventory/host-inventory-repo.js';
export type { HostLabelRecord, HostLabelRepo } from './inventory/host-label-repo.js';

export type { AgentsRepos } from './agents/agents-repos.js';
export type { HostEnrollmentRepo } from './agents/host-enrollment-repo.js';

export type { NetworkRepos } from './network/network-repos.js';
export type { NetworkRepo } from './network/network-repo.js';

export type { FaultRepos } from './fault/fault-repos.js';
export { ALARM_SORT_KEYS } from './fault/alarm-repo.js';
export type { AlarmFilter, AlarmRepo, AlarmSortKey } from './fault/alarm-repo.js';
export type { EventFilter, EventLogRepo } from './fault/event-log-repo.js';
export type { SuppressionRepo } from './fault/suppression-repo.js';
export type { SilenceRepo } from './fault/silence-repo.js';
export type { ReceiverRepo } from './fault/receiver-repo.js';

export type { SoftwareRepos } from './software/software-repos.js';
export type { ReleaseRecord, ReleaseRepo } from './software/release-repo.js';
export type { HostSoftwareRepo } from './software/host-software-repo.js';

export type { OrchestrationRepos } from './orchestration/orchestration-repos.js';
export type { StrategyRepo } from './orchestration/strategy-repo.js';

export type { DcRepos } from './dc/dc-domain.js';
export type { NewSubcloud, SubcloudAlarmRow, SubcloudListFilter, SubcloudRepo } from './dc/subcloud-repo.js';
export type { SubcloudGroupChanges, SubcloudGroupRepo } from './dc/subcloud-group-repo.js';
export type { AuditClaim, AuditOutcome, AuditTarget, SubcloudAuditRepo } from './dc/subcloud-audit-repo.js';
export type {
  FleetStateCount, FleetStepPage, FleetStepRepo, FleetStepUpdate, NewFleetStep,
} from './dc/fleet-step-repo.js';
export type { NewPrestage, SubcloudPrestageRepo } from './dc/prestage-repo.js';
export type { SwUpdateOptionsRepo } from './dc/sw-update-options-repo.js';

export type { DcAgentRepos } from './dc-agent/dc-agent-domain.js';
export type { MembershipRecord, MembershipRepo } from './dc-agent/membership-repo.js';
