import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';
import { ConfigError } from '../../runtime/config-error.js';

/**
 * The `maintenance` section: heartbeats (StarlingX mtce's defaults: 100 ms, degrade after 6
 * misses, fail after 10) and how long a host may lag behind its configuration.
 */
export const MAINTENANCE_CONFIG = configSection(
  Type.Object(
    {
      heartbeatPeriodMs: Type.Integer({ minimum: 10, default: 100 }),
      degradeThreshold: Type.Integer({ minimum: 1, default: 6 }),
      failureThreshold: Type.Integer({ minimum: 1, default: 10 }),
      /** A failed host whose agent stays away this long is offline. */
      offlineAfterMs: Type.Integer({ minimum: 0, default: 10_000 }),
      /** How long a host may run an older configuration than its target before 250.001 is raised. */
      configGraceMs: Type.Integer({ minimum: 0, default: 30_000 }),
      /** After a controller start, how long agents have to reconnect before their hosts count as silent. */
      startupGraceMs: Type.Integer({ minimum: 0, default: 10_000 }),
    },
    { additionalProperties: false, default: {} },
  ),
  (settings) => {
    const { degradeThreshold, failureThreshold } = settings;
    if (failureThreshold <= degradeThreshold) {
      throw new ConfigError(`maintenance.failureThreshold (${failureThreshold}) must be above maintenance.degradeThreshold (${degradeThreshold})`);
    }
    return settings;
  },
);

export type MaintenanceConfig = SectionConfig<typeof MAINTENANCE_CONFIG>;
