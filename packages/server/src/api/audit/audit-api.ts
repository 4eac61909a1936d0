import type { ApiPlugin } from '../api-family.js';
import { auditRoutes } from './audit-routes.js';

/** The security audit log. */
export const auditApi: ApiPlugin = {
  family: 'audit',
  routes(app, { services }) {
    auditRoutes(app, services);
  },
};
