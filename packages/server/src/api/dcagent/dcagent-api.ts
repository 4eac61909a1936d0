import type { ModuleApi } from '../../service-module.js';
import type { DcAgentService } from '../../services/dc-agent/index.js';
import { auditRoutes } from './audit-routes.js';
import { joinRoutes } from './join-routes.js';
import { joinTokenRoutes } from './join-token-routes.js';
import { membershipRoutes } from './membership-routes.js';
import { prestageRoutes } from './prestage-routes.js';
import { syncRoutes } from './sync-routes.js';

/**
 * The subcloud side of Distributed Cloud: what a system controller calls to adopt, audit, sync and prestage to this
 * controller, and to let it go.
 */
export const dcAgentApi: ModuleApi<DcAgentService> = {
  family: 'dcagent',
  routes(app, { service, catalog }) {
    joinRoutes(app, { join: service.join, catalog });
    auditRoutes(app, { auditAnswer: service.auditAnswer });
    joinTokenRoutes(app, service.tokens);
    syncRoutes(app, service.sync);
    membershipRoutes(app, service.membership);
    prestageRoutes(app, service.prestage);
  },
};
