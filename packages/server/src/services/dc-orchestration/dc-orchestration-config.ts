import { PRESTAGE_DEFAULT_CHUNK_BYTES, PRESTAGE_MAX_CHUNK_BYTES, PRESTAGE_MIN_CHUNK_BYTES } from '@murmuration/core/dc';
import Type from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';

/**
 * The `dcOrchestration` section, read on a system controller: how a strategy across the subclouds follows each
 * subcloud's own strategy (how often it looks, how long one request and one subcloud may take, how many failed
 * looks it rides out), and what becomes of a subcloud that is offline when its turn comes (retried after
 * `retryDelaySeconds`, up to `maxDeferrals` times, then failed); how release bundles are prestaged (the chunk size,
 * each subcloud's bandwidth, how many subclouds at once across the fleet, each chunk's deadline, the retries).
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
      /** The size of the chunks a bundle is prestaged in. */
      prestageChunkBytes: Type.Integer({
        minimum: PRESTAGE_MIN_CHUNK_BYTES, maximum: PRESTAGE_MAX_CHUNK_BYTES, default: PRESTAGE_DEFAULT_CHUNK_BYTES,
      }),
      /** Each subcloud's prestage is paced to this many bytes per second; 0: unlimited. */
      prestageBytesPerSecond: Type.Integer({ minimum: 0, default: 0 }),
      /** How many subclouds are sent a bundle at once, across the fleet and every path (action, strategies). */
      prestageConcurrency: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
      /** How long one chunk may take to be sent and acknowledged. */
      prestageChunkTimeoutSeconds: Type.Integer({ minimum: 1, default: 120 }),
      /** Attempts in a row that move nothing forward before a prestage fails; each after a backoff. */
      prestageMaxAttempts: Type.Integer({ minimum: 1, default: 10 }),
      prestageRetryBaseMs: Type.Integer({ minimum: 10, default: 1000 }),
      prestageRetryMaxMs: Type.Integer({ minimum: 10, default: 60_000 }),
      /** How long a replica's hold on a prestage lasts without news; a dead replica's are resumed after it. */
      prestageLeaseSeconds: Type.Integer({ minimum: 1, default: 10 }),
    },
    { additionalProperties: false, default: {} },
  ),
);

export type DcOrchestrationConfig = SectionConfig<typeof DC_ORCHESTRATION_CONFIG>;
