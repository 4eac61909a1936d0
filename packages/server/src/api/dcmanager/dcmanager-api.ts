import multipart from '@fastify/multipart';
import Type from 'typebox';
import type { DcManagerService } from '../../services/dc-manager/index.js';
import type { ModuleApi } from '../../service-module.js';
import type { Api } from '../api-types.js';
import { alarmRoutes } from './alarm-routes.js';
import { FORM_LIMITS } from './dcmanager-form.js';
import { registerDcManagerMetrics } from './dcmanager-metrics.js';
import { subcloudGroupRoutes } from './subcloud-group-routes.js';
import { subcloudRoutes } from './subcloud-routes.js';

const Versions = Type.Object({
  versions: Type.Array(
    Type.Object({
      status: Type.String(),
      links: Type.Array(Type.Object({ rel: Type.String(), href: Type.String() })),
      id: Type.String(),
      updated: Type.String(),
    }),
  ),
});

/**
 * dcmanager v1.0 on a system controller: subclouds, their groups, the alarm summary; multipart forms as its client
 * sends them.
 */
export const dcManagerApi: ModuleApi<DcManagerService> = {
  family: 'dcmanager',
  routes(app, { service, registry }) {
    registerDcManagerMetrics(registry, service);
    void app.register(async (scope: Api) => {
      await scope.register(multipart, { throwFileSizeLimit: true, limits: FORM_LIMITS });
      scope.get(
        '/',
        { config: { access: 'public' }, schema: { tags: ['dcmanager'], summary: 'The API versions', response: { 200: Versions } } },
        async (request) => ({
          versions: [{
            status: 'CURRENT', links: [{ rel: 'self', href: `${request.protocol}://${request.host}/dcmanager/v1.0/` }],
            id: 'v1.0', updated: '2017-10-2',
          }],
        }),
      );
      subcloudRoutes(scope, service);
      subcloudGroupRoutes(scope, service);
      alarmRoutes(scope, service);
    });
  },
};
