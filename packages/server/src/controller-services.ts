import type { EnrollmentService } from './services/agents/index.js';
import type { AuditService } from './services/audit/index.js';
import type { FaultService } from './services/fault/index.js';
import type { IdentityService } from './services/identity/index.js';
import type { HostInventoryService, HostLabelService, HostService, SystemService } from './services/inventory/index.js';
import type { MaintenanceService } from './services/maintenance/index.js';
import type { NetworkService } from './services/network/index.js';
import type { StrategyService } from './services/orchestration/index.js';
import type { DeployService, ReleaseService } from './services/software/index.js';

/**
 * Every service of a controller: the one list, which the composition root fills and passes
 * whole to the HTTP port, and the port to every API family.
 */
export interface Services {
  readonly audit: AuditService;
  readonly identity: IdentityService;
  readonly systems: SystemService;
  readonly hosts: HostService;
  readonly inventory: HostInventoryService;
  readonly labels: HostLabelService;
  readonly networks: NetworkService;
  readonly releases: ReleaseService;
  readonly deploy: DeployService;
  readonly strategies: StrategyService;
  readonly fault: FaultService;
  readonly enrollment: EnrollmentService;
  readonly maintenance: MaintenanceService;
}
