import { serviceModule } from '../../service-module.js';
import { MAINTENANCE_CONFIG } from './maintenance-config.js';
import { createMaintenanceService } from './maintenance-service.js';

/** Heartbeats and configuration lag of every host, swept by one loop. */
export const maintenanceModule = serviceModule({
  name: 'maintenance',
  config: MAINTENANCE_CONFIG,
  create({ store, clock, logger, config: m, services }) {
    return createMaintenanceService({
      store,
      hosts: services.hosts,
      clock,
      logger,
      settings: {
        periodMs: m.heartbeatPeriodMs, degradeAfter: m.degradeThreshold, failAfter: m.failureThreshold,
        offlineAfterMs: m.offlineAfterMs, configGraceMs: m.configGraceMs, startupGraceMs: m.startupGraceMs,
      },
    });
  },
  loops: (maintenance) => [maintenance.loop],
});
