import type { ApiPlugin } from '../api-family.js';
import { agentRoutes } from './agent-routes.js';

/** What host agents call over HTTP; their WebSocket channel is attached to the server itself. */
export const agentApi: ApiPlugin = {
  family: 'agent',
  routes(app, { services, registry, hostConfigSchemas }) {
    agentRoutes(app, { ...services, registry, releaseSigningKey: services.releases.publicKeyPem, hostConfigSchemas });
  },
};
