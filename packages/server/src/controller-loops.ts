import type { Logger } from 'pino';
import type { BackgroundLoop } from './runtime/background-loop.js';
import { periodicLoop } from './runtime/periodic-loop.js';
import type { AuditService } from './services/audit/index.js';
import type { FaultService } from './services/fault/index.js';
import type { IdentityService } from './services/identity/index.js';
import type { StrategyService } from './services/orchestration/index.js';

const TOKEN_PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** How often the counts of closed windows of repeated failures are written to the audit log. */
const REPEAT_FLUSH_INTERVAL_MS = 15 * 1000;

/**
 * Every background loop of a controller, registered here and nowhere else, in start order; they
 * stop in the reverse order, so that the loops that work on others' output (the strategy
 * runner, the sweep) stop before those that carry it on (the event feed, receiver delivery).
 * The modules' loops (`service-modules.ts`) come right after the fault service's.
 */
export function controllerLoops(
  services: {
    readonly audit: AuditService;
    readonly identity: IdentityService;
    readonly fault: FaultService;
    readonly strategies: StrategyService;
    readonly logger: Logger;
  },
  moduleLoops: readonly BackgroundLoop[],
): BackgroundLoop[] {
  const { audit, identity, fault, strategies, logger } = services;
  return [
    periodicLoop({
      name: 'audit-repeat-flush',
      everyMs: REPEAT_FLUSH_INTERVAL_MS,
      run: () => audit.flushRepeated(),
      onError: (error) => logger.warn({ err: error }, 'could not write the count of repeated failures to the audit log'),
    }),
    ...fault.loops,
    ...moduleLoops,
    strategies.loop,
    periodicLoop({
      name: 'token-purge',
      everyMs: TOKEN_PURGE_INTERVAL_MS,
      async run() {
        const purged = await identity.tokens.purgeExpired();
        if (purged > 0) logger.info({ purged }, 'expired tokens purged');
      },
      onError: (error) => logger.warn({ err: error }, 'expired-token purge failed'),
    }),
  ];
}
