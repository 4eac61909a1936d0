import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { dcOrchestrationApi } from '../../api/dcmanager/dc-orchestration-api.js';
import { serviceModule } from '../../service-module.js';
import { DC_ORCHESTRATION_CONFIG } from './dc-orchestration-config.js';
import { createDcOrchestrationService } from './dc-orchestration.js';

/**
 * A system controller's orchestration across its subclouds (dcmanager's `sw-update-strategy`, its steps and
 * `sw-update-options`), on the dcmanager family; served only by a system controller.
 */
export const dcOrchestrationModule = serviceModule({
  name: 'dcOrchestration',
  config: DC_ORCHESTRATION_CONFIG,
  enabled: ({ role }) => role === 'systemcontroller',
  create: ({ store, clock, logger, config, services: { audit, fault, releases }, controller }) =>
    createDcOrchestrationService({
      store, audit, fault, releases, clock, logger, settings: config, dataDir: controller.dataDir,
      replica: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    }),
  loops: (service) => [service.prestages.loop, service.runner.loop],
  api: dcOrchestrationApi,
});
