import type { AuditService } from './services/audit/index.js';
import type { FaultService } from './services/fault/index.js';
import type { IdentityService } from './services/identity/index.js';
import type { HostInventoryService, HostLabelService, HostService, SystemService } from './services/inventory/index.js';
import type { StrategyService } from './services/orchestration/index.js';
import type { DeployService, ReleaseService } from './services/software/index.js';

/**
 * The services the composition root makes itself, before any module: those every other service
 * builds on (audit, fault, hosts) and those not yet written as modules. A module is given them.
 */
export interface CoreServices {
  readonly audit: AuditService;
  readonly identity: IdentityService;
  readonly systems: SystemService;
  readonly hosts: HostService;
  readonly inventory: HostInventoryService;
  readonly labels: HostLabelService;
  readonly releases: ReleaseService;
  readonly deploy: DeployService;
  readonly strategies: StrategyService;
  readonly fault: FaultService;
}
