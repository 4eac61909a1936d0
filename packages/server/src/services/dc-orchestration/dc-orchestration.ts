import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import { keptConnections, leanFetch } from '../../runtime/lean-fetch.js';
import type { AuditService } from '../audit/index.js';
import { bytesFetch } from './bytes-fetch.js';
import { credentialSeal, groupByRef, type SubcloudCredential } from '../dc-manager/index.js';
import type { FaultService } from '../fault/index.js';
import type { ReleaseService } from '../software/index.js';
import type { DcOrchestrationConfig } from './dc-orchestration-config.js';
import { createFleetStrategies, type FleetStrategies } from './dc-orchestration-service.js';
import { FLEET_KIND_NAME } from './fleet-kind.js';
import { subcloudLinks, textOrBytesFetch } from './subcloud-links.js';
import { createSwUpdateOptionsDirectory, type SwUpdateOptionsDirectory } from './sw-update-options-directory.js';
import { subcloudPrestages, type SubcloudPrestages } from './prestage-jobs.js';

/** The largest answer a subcloud's VIM or USM gives a strategy step (a strategy over many hosts). */
const ANSWER_MAX_BYTES = 8 * 1024 * 1024;
/**
 * How long a subcloud's connection is kept unused: past the poll interval's 2 s between looks, within the 5 s a
 * Node server (and many a proxy) keeps an idle connection open (one it closed anyway is found so and retried).
 */
const KEPT_IDLE_MS = 4000;

/**
 * Orchestration across the subclouds of a system controller: the fleet strategy, the subclouds' options, and the
 * prestages (here rather than a module of their own: the action, the prestage strategy and the sw-deploy pre-check
 * share one worker and its fleet-wide concurrency limit).
 */
export type DcOrchestrationService = FleetStrategies & SwUpdateOptionsDirectory & {
  readonly prestages: SubcloudPrestages;
};

export function createDcOrchestrationService(deps: {
  store: Store;
  audit: AuditService;
  fault: FaultService;
  releases: ReleaseService;
  clock: Clock;
  logger: Logger;
  settings: DcOrchestrationConfig;
  /** The data directory: where the key that unseals the subclouds' service accounts is. */
  dataDir: string;
  /** This replica's name on the leases of the prestages it works. */
  replica: string;
}): DcOrchestrationService {
  const { store, audit, fault, releases, clock, logger, settings } = deps;
  const seal = credentialSeal(deps.dataDir);
  const credentialOf = async (id: number) => {
    const sealed = await store.repos.subclouds.credential(id);
    return sealed === null ? null : (JSON.parse(seal.unseal(sealed)) as SubcloudCredential);
  };
  const upload = bytesFetch({ timeoutMs: settings.uploadTimeoutSeconds * 1000, maxBodyBytes: ANSWER_MAX_BYTES });
  const links = subcloudLinks({
    // A subcloud's requests during its step share its connections (two: the pre-check asks two things at once).
    transport: () => {
      const connections = keptConnections({ idleMs: KEPT_IDLE_MS, perServer: 2 });
      const lean = leanFetch({ timeoutMs: settings.callTimeoutMs, maxBodyBytes: ANSWER_MAX_BYTES, connections });
      return { fetch: textOrBytesFetch(lean, upload), close: () => connections.close() };
    },
    credentialOf,
  });
  const prestages = subcloudPrestages({
    store, audit, clock, logger, owner: deps.replica,
    fetch: textOrBytesFetch(
      leanFetch({ timeoutMs: settings.callTimeoutMs, maxBodyBytes: ANSWER_MAX_BYTES }),
      bytesFetch({ timeoutMs: settings.prestageChunkTimeoutSeconds * 1000, maxBodyBytes: 64 * 1024 }),
    ),
    bundlePath: (id) => releases.bundlePath(id),
    account: credentialOf,
    settings: {
      chunkBytes: settings.prestageChunkBytes, bytesPerSecond: settings.prestageBytesPerSecond,
      maxAttempts: settings.prestageMaxAttempts, retryBaseMs: settings.prestageRetryBaseMs,
      retryMaxMs: settings.prestageRetryMaxMs, concurrency: settings.prestageConcurrency,
      leaseMs: settings.prestageLeaseSeconds * 1000, pollMs: settings.pollMs,
    },
  });
  const options = createSwUpdateOptionsDirectory({ store, audit, clock });
  const strategies = createFleetStrategies({
    store, audit, fault, clock, logger, links,
    prestages,
    deliver: async (subcloudId, releaseId, stopping) => {
      await prestages.ensure(subcloudId, releaseId, { forSwDeploy: true, origin: 'sw-deploy', check: false });
      const end = await prestages.waitFor(subcloudId, releaseId, stopping);
      if (end === 'stopped') return 'stopped';
      if (end.state === 'failed') throw new Error(end.error ?? `the prestage of ${releaseId} failed`);
      return 'delivered';
    },
    optionsOf: (id) => options.optionsFor(id),
    groupByRef: (ref) => groupByRef(store.repos, ref),
    kindName: FLEET_KIND_NAME,
    pollMs: settings.pollMs,
    subcloudTimeoutMs: settings.subcloudTimeoutSeconds * 1000,
    subcloudTimeoutSeconds: settings.subcloudTimeoutSeconds,
    maxFailedPolls: settings.maxFailedPolls,
    retryAfterMs: settings.retryDelaySeconds * 1000,
    retryDelaySeconds: settings.retryDelaySeconds,
    maxDeferrals: settings.maxDeferrals,
    deleteConcurrency: settings.deleteConcurrency,
  });
  return { ...strategies, ...options, prestages };
}
