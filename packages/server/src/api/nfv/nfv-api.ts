import type { ApiPlugin } from '../api-family.js';
import { strategyRoutes } from './strategy-routes.js';

/** The VIM's orchestration API: the sw-deploy strategy. */
export const nfvApi: ApiPlugin = {
  family: 'nfv',
  routes(app, { services }) {
    strategyRoutes(app, services);
  },
};
