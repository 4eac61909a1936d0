import type { Clock } from '@murmuration/core/common';
import type { SwDeployOptions } from '@murmuration/core/orchestration';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import { createStrategyRunner, type StrategyRunner } from '../../engine/index.js';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { HostService } from '../inventory/index.js';
import { createSwDeployKind, type DeployService } from '../software/index.js';

/** The sw-deploy strategy (`sw-manager sw-deploy-strategy`), served on the VIM's /nfv API. */
export type StrategyService = StrategyRunner<SwDeployOptions>;

export interface OrchestrationSettings {
  readonly pollMs: number;
  readonly stabilizeMs: number;
}

/** The VIM's strategies: each kind is defined by the service it drives and run by the generic engine. */
export function createStrategyService(deps: {
  store: Store;
  audit: AuditService;
  fault: FaultService;
  hosts: HostService;
  deploy: DeployService;
  clock: Clock;
  logger: Logger;
  settings: OrchestrationSettings;
}): StrategyService {
  const { store, audit, fault, hosts, deploy, clock, logger, settings } = deps;
  const kind = createSwDeployKind({ store, hosts, deploy, fault, stabilizeMs: settings.stabilizeMs });
  return createStrategyRunner(kind, { store, audit, fault, clock, logger, pollMs: settings.pollMs });
}
