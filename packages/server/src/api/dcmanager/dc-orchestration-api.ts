import type { DcOrchestrationService } from '../../services/dc-orchestration/index.js';
import type { ModuleApi } from '../../service-module.js';
import type { Api } from '../api-types.js';
import { strategyRoutes } from './strategy-routes.js';
import { strategyStepRoutes } from './strategy-step-routes.js';
import { subcloudPrestageRoutes } from './subcloud-prestage-routes.js';
import { swUpdateOptionsRoutes } from './sw-update-options-routes.js';

/**
 * dcmanager v1.0's orchestration across subclouds: the strategy, its steps, the subclouds' strategy options, and a
 * subcloud's prestage.
 */
export const dcOrchestrationApi: ModuleApi<DcOrchestrationService> = {
  family: 'dcmanager',
  routes(app, { service }) {
    void app.register(async (scope: Api) => {
      strategyRoutes(scope, service);
      strategyStepRoutes(scope, service);
      swUpdateOptionsRoutes(scope, service);
      subcloudPrestageRoutes(scope, service.prestages);
    });
  },
};
