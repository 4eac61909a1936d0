import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/**
 * The `orchestration` section: how often a waiting step looks again, and how long the system is left to settle at the
 * end.
 */
export const ORCHESTRATION_CONFIG = configSection(
  Type.Object(
    {
      pollMs: Type.Integer({ minimum: 10, default: 500 }),
      stabilizeSeconds: Type.Integer({ minimum: 0, default: 10 }),
    },
    { additionalProperties: false, default: {} },
  ),
);

export type OrchestrationConfig = SectionConfig<typeof ORCHESTRATION_CONFIG>;
