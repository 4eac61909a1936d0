import type { ApiPlugin } from '../api-family.js';
import { catalogRoutes } from './catalog-routes.js';
import { projectRoutes } from './project-routes.js';
import { roleRoutes } from './role-routes.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';
import { identityVersionRoutes } from './version-routes.js';

/** Keystone v3: version discovery, tokens, users, projects, roles and the catalog. */
export const identityApi: ApiPlugin = {
  family: 'identity',
  routes(app, { services, catalog }) {
    identityVersionRoutes(app);
    tokenRoutes(app, { identity: services.identity, catalog });
    userRoutes(app, services);
    projectRoutes(app, services);
    roleRoutes(app, services);
    catalogRoutes(app, { catalog });
  },
};
