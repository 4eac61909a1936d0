import type { ApiPlugin } from '../api-family.js';
import { deployHostRoutes } from './deploy-host-routes.js';
import { releaseRoutes } from './release-routes.js';

/** USM v1: releases and their deployment to hosts. */
export const usmApi: ApiPlugin = {
  family: 'usm',
  routes(app, { services, maxBundleBytes }) {
    releaseRoutes(app, { releases: services.releases, maxBundleBytes });
    deployHostRoutes(app, services);
  },
};
