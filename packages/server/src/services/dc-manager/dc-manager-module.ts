import { dcManagerApi } from '../../api/dcmanager/dcmanager-api.js';
import { serviceModule } from '../../service-module.js';
import { DC_MANAGER_CONFIG } from './dc-manager-config.js';
import { createDcManagerService } from './dc-manager-service.js';

/** A system controller's subclouds and their groups, on the dcmanager family; served only by a system controller. */
export const dcManagerModule = serviceModule({
  name: 'dcManager',
  config: DC_MANAGER_CONFIG,
  enabled: ({ role }) => role === 'systemcontroller',
  create: ({ store, clock, logger, config, services: { audit, fault }, controller }) =>
    createDcManagerService({
      store, audit, fault, clock, logger, settings: config, dataDir: controller.dataDir,
      self: () => ({
        region: controller.region, url: controller.baseUrl(), softwareVersion: controller.softwareVersion,
      }),
    }),
  api: dcManagerApi,
});
