import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import { credentialSeal } from './credential-seal.js';
import type { DcManagerConfig } from './dc-manager-config.js';
import { createSubcloudDirectory, type SubcloudDirectory } from './subcloud-directory.js';
import { createSubcloudGroupDirectory, type SubcloudGroupDirectory } from './subcloud-groups.js';
import type { JoiningController } from './subcloud-join.js';
import { createSubcloudObservations, type SubcloudObservations } from './subcloud-observations.js';

/**
 * The system controller's dcmanager: its subclouds (added by URL with a join token or admin
 * credentials, then managed), their groups, and what the audit records of them.
 */
export interface DcManagerService extends SubcloudDirectory, SubcloudGroupDirectory, SubcloudObservations {
  /** Its settings: the audit's interval, timeout, concurrency and lease. */
  readonly settings: DcManagerConfig;
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
}): DcManagerService {
  const { store, audit, fault, clock, logger, settings } = deps;
  return {
    settings,
    ...createSubcloudDirectory({
      store, audit, fault, clock, seal: credentialSeal(deps.dataDir), self: deps.self,
      joinTimeoutMs: settings.joinTimeoutMs,
    }),
    ...createSubcloudGroupDirectory({ store, audit, clock }),
    ...createSubcloudObservations({ store, fault, clock, logger }),
  };
}
