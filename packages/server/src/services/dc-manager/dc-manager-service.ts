import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import { credentialSeal } from './credential-seal.js';
import type { DcManagerConfig } from './dc-manager-config.js';
import { createSubcloudDirectory, type SubcloudCredential, type SubcloudDirectory } from './subcloud-directory.js';
import { AUDIT_REPORT_MAX_BYTES } from '@murmuration/core/dc';
import { createSubcloudGroupDirectory, type SubcloudGroupDirectory } from './subcloud-groups.js';
import type { JoiningController } from './subcloud-join.js';
import { leanFetch } from '../../runtime/lean-fetch.js';
import { centralSyncState } from './central-sync-state.js';
import { subcloudAuditCaller } from './subcloud-audit-call.js';
import { subcloudSyncPush } from './subcloud-sync-push.js';
import { subcloudAuditor, type SubcloudAuditor } from './subcloud-auditor.js';
import { subcloudRelease } from './subcloud-release.js';

/**
 * The system controller's dcmanager: its subclouds (added by URL with a join token or admin
 * credentials, then managed), their groups, and what the audit records of them.
 */
export interface DcManagerService extends SubcloudDirectory, SubcloudGroupDirectory {
  /** Its settings: the audit's interval, timeout, concurrency and lease. */
  readonly settings: DcManagerConfig;
  /** The fleet audit: one of the module's loops. */
  readonly auditor: SubcloudAuditor;
  /** This replica's name in the audit's claims. */
  readonly replica: string;
}

export function createDcManagerService(deps: {
  store: Store;
  audit: AuditService;
  fault: FaultService;
  clock: Clock;
  logger: Logger;
  settings: DcManagerConfig;
  /** The data directory, where the key that seals the subclouds' credentials is kept. */
  dataDir: string;
  /** Who this system controller is, as a join names it. */
  self: () => JoiningController;
  /** This replica's name in the audit's claims: unique among the replicas sharing the database. */
  replica: string;
}): DcManagerService {
  const { store, audit, fault, clock, logger, settings } = deps;
  const seal = credentialSeal(deps.dataDir);
  const caller = subcloudAuditCaller({
    fetch: leanFetch({ timeoutMs: settings.auditTimeoutMs, maxBodyBytes: AUDIT_REPORT_MAX_BYTES }),
    unseal: (sealed) => {
      const c = JSON.parse(seal.unseal(sealed)) as SubcloudCredential;
      return {
        authUrl: c.authUrl, username: c.username, password: c.password, projectName: c.projectName,
        userDomainName: c.userDomainName, projectDomainName: c.projectDomainName,
      };
    },
  });
  const auditor = subcloudAuditor({
    store, fault, clock, logger, caller, owner: deps.replica, region: deps.self().region,
    central: centralSyncState({ store, clock }).current,
    sync: subcloudSyncPush({ fetch: leanFetch({ timeoutMs: settings.auditTimeoutMs * 4, maxBodyBytes: 64 * 1024 }) }),
    settings: {
      intervalMs: settings.auditIntervalSeconds * 1000, concurrency: settings.auditConcurrency,
      leaseMs: settings.leaseSeconds * 1000,
    },
  });
  return {
    settings,
    auditor,
    replica: deps.replica,
    ...createSubcloudDirectory({
      store,
      audit,
      fault,
      clock,
      seal,
      self: deps.self,
      joinTimeoutMs: settings.joinTimeoutMs,
      release: subcloudRelease({
        caller, fetch: leanFetch({ timeoutMs: settings.auditTimeoutMs, maxBodyBytes: AUDIT_REPORT_MAX_BYTES }),
      }),
    }),
    ...createSubcloudGroupDirectory({ store, audit, clock }),
  };
}
