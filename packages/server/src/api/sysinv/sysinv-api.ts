import type { ApiPlugin } from '../api-family.js';
import { bootstrapTokenRoutes } from './bootstrap-token-routes.js';
import { hostInventoryRoutes } from './host-inventory-routes.js';
import { hostRoutes } from './host-routes.js';
import { labelRoutes } from './label-routes.js';
import { networkRoutes } from './network-routes.js';
import { systemRoutes } from './system-routes.js';

/** sysinv v1: the system, its hosts and their hardware, labels, address pools and networks, bootstrap tokens. */
export const sysinvApi: ApiPlugin = {
  family: 'sysinv',
  routes(app, { services }) {
    systemRoutes(app, services);
    hostRoutes(app, services);
    hostInventoryRoutes(app, services);
    labelRoutes(app, services);
    networkRoutes(app, services);
    bootstrapTokenRoutes(app, services);
  },
};
