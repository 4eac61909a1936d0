import { alarmRepo, type AlarmRepo } from './alarm-repo.js';
import { assignmentRepo, type AssignmentRepo } from './assignment-repo.js';
import { auditRepo, type AuditRepo } from './audit-repo.js';
import { eventLogRepo, type EventLogRepo } from './event-log-repo.js';
import { hostEnrollmentRepo, type HostEnrollmentRepo } from './host-enrollment-repo.js';
import { hostInventoryRepo, type HostInventoryRepo } from './host-inventory-repo.js';
import { hostLabelRepo, type HostLabelRepo } from './host-label-repo.js';
import { networkRepo, type NetworkRepo } from './network-repo.js';
import { releaseRepo, type ReleaseRepo } from './release-repo.js';
import { hostSoftwareRepo, type HostSoftwareRepo } from './host-software-repo.js';
import { strategyRepo, type StrategyRepo } from './strategy-repo.js';
import { hostRepo, type HostRepo } from './host-repo.js';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from './executor.js';
import { passwordHistoryRepo, type PasswordHistoryRepo } from './password-history-repo.js';
import { projectRepo, type ProjectRepo } from './project-repo.js';
import { receiverRepo, type ReceiverRepo } from './receiver-repo.js';
import { roleRepo, type RoleRepo } from './role-repo.js';
import { silenceRepo, type SilenceRepo } from './silence-repo.js';
import { suppressionRepo, type SuppressionRepo } from './suppression-repo.js';
import { systemRepo, type SystemRepo } from './system-repo.js';
import { tokenRepo, type TokenRepo } from './token-repo.js';
import { userRepo, type UserRepo } from './user-repo.js';

/** Every repository, bound to one executor (the database, or one transaction). */
export interface Repos {
  readonly systems: SystemRepo;
  readonly users: UserRepo;
  readonly passwordHistory: PasswordHistoryRepo;
  readonly projects: ProjectRepo;
  readonly roles: RoleRepo;
  readonly assignments: AssignmentRepo;
  readonly tokens: TokenRepo;
  readonly audit: AuditRepo;
  readonly alarms: AlarmRepo;
  readonly events: EventLogRepo;
  readonly suppressions: SuppressionRepo;
  readonly silences: SilenceRepo;
  readonly receivers: ReceiverRepo;
  readonly hosts: HostRepo;
  readonly enrollment: HostEnrollmentRepo;
  readonly inventory: HostInventoryRepo;
  readonly networks: NetworkRepo;
  readonly labels: HostLabelRepo;
  readonly releases: ReleaseRepo;
  readonly hostSoftware: HostSoftwareRepo;
  readonly strategies: StrategyRepo;
  /**
   * Runs `callback` once the transaction these repositories belong to has committed (at once
   * for the auto-commit repositories); never when it rolls back or is retried from the start.
   */
  afterCommit(callback: () => void): void;
}

export function bindRepos(db: Executor, dialect: DialectName, commitCallbacks: (() => void)[] | null = null): Repos {
  return {
    afterCommit: (callback) => (commitCallbacks ? commitCallbacks.push(callback) : callback()),
    systems: systemRepo(db),
    users: userRepo(db),
    passwordHistory: passwordHistoryRepo(db),
    projects: projectRepo(db),
    roles: roleRepo(db),
    assignments: assignmentRepo(db),
    tokens: tokenRepo(db),
    audit: auditRepo(db, dialect),
    alarms: alarmRepo(db, dialect),
    events: eventLogRepo(db, dialect),
    suppressions: suppressionRepo(db),
    silences: silenceRepo(db),
    receivers: receiverRepo(db),
    hosts: hostRepo(db, dialect),
    enrollment: hostEnrollmentRepo(db),
    inventory: hostInventoryRepo(db),
    networks: networkRepo(db, dialect),
    labels: hostLabelRepo(db),
    releases: releaseRepo(db),
    hostSoftware: hostSoftwareRepo(db),
    strategies: strategyRepo(db),
  };
}
