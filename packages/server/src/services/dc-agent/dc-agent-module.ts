import { dcAgentApi } from '../../api/dcagent/dcagent-api.js';
import { serviceModule } from '../../service-module.js';
import { createDcAgentService } from './dc-agent-service.js';

/** The subcloud side of Distributed Cloud, served on the dcagent family by every controller. */
export const dcAgentModule = serviceModule({
  name: 'dcAgent',
  create: ({ store, clock, controller, services: { audit, identity, systems, hosts, releases, fault } }) =>
    createDcAgentService({
      store, audit, identity, systems, hosts, releases, fault, clock, dataDir: controller.dataDir,
    }),
  api: dcAgentApi,
});
