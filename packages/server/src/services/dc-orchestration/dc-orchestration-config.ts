import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/**
 * The `dcOrchestration` section, read on a system controller: how a strategy across the subclouds follows each
 * subcloud's own strategy (how often it looks, how long one request and one subcloud may take, how many failed
 * looks it rides out), and what becomes of a subcloud that is offline when its turn comes (retried after
 * `retryDelaySeconds`, up to `maxDeferrals` times, then failed).
 */
export const DC_ORCHESTRATION_CONFIG = configSection(
  Type.Object(
    {
      /**
       * The longest a subcloud's strategy goes unlooked-at while it builds or applies. The end is looked for when
       * the subclouds done before say it is due (look-schedule.ts), so this bounds only how stale a subcloud's
       * progress is and what the looks in between cost: max-parallel / pollMs a second, 250 at 500 under way. A
       * real VIM's strategy moves in steps of seconds to minutes; 2 s shows progress promptly at that cost.
       */
      pollMs: Type.Integer({ minimum: 10, default: 2000 }),
      callTimeoutMs: Type.Integer({ minimum: 100, default: 15_000 }),
      /** How long the upload of a release bundle to one subcloud that lacks it may take. */
      uploadTimeoutSeconds: Type.Integer({ minimum: 1, default: 900 }),
      subcloudTimeoutSeconds: Type.Integer({ minimum: 1, default: 6 * 3600 }),
      maxFailedPolls: Type.Integer({ minimum: 1, default: 30 }),
      retryDelaySeconds: Type.Integer({ minimum: 0, default: 300 }),
      maxDeferrals: Type.Integer({ minimum: 0, default: 12 }),
      /** How many subclouds a strategy's deletion asks at once to delete their own strategy. */
      deleteConcurrency: Type.Integer({ minimum: 1, maximum: 1000, default: 64 }),
    },
    { additionalProperties: false, default: {} },
  ),
);

export type DcOrchestrationConfig = SectionConfig<typeof DC_ORCHESTRATION_CONFIG>;
