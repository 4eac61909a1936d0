import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/**
 * The `dcManager` section, read on a system controller: how its subclouds are audited (every
 * managed subcloud once per interval, each audit bounded by its timeout, so many at once, each
 * claim held for a lease) and how long a subcloud has to answer its join.
 */
export const DC_MANAGER_CONFIG = configSection(
  Type.Object(
    {
      auditIntervalSeconds: Type.Integer({ minimum: 1, default: 30 }),
      auditTimeoutMs: Type.Integer({ minimum: 100, default: 5000 }),
      auditConcurrency: Type.Integer({ minimum: 1, maximum: 100_000, default: 512 }),
      /** How long a replica's claim on the subclouds it audits holds; a dead replica's expire after it. */
      leaseSeconds: Type.Integer({ minimum: 1, default: 60 }),
      /** How long `subcloud add` waits for the subcloud to log in its admin and to answer the join. */
      joinTimeoutMs: Type.Integer({ minimum: 100, default: 15_000 }),
    },
    { additionalProperties: false, default: {} },
  ),
);

export type DcManagerConfig = SectionConfig<typeof DC_MANAGER_CONFIG>;
