import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import { readFile } from 'node:fs/promises';
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

/** The largest answer a subcloud's VIM or USM gives a strategy step (a strategy over many hosts). */
const ANSWER_MAX_BYTES = 8 * 1024 * 1024;
/**
 * How long a subcloud's connection is kept unused: past the poll interval's 2 s between looks, within the 5 s a
 * Node server (and many a proxy) keeps an idle connection open (one it closed anyway is found so and retried).
 */
const KEPT_IDLE_MS = 4000;

/** Orchestration across the subclouds of a system controller: the fleet strategy and the subclouds' options. */
export type DcOrchestrationService = FleetStrategies & SwUpdateOptionsDirectory;

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
}): DcOrchestrationService {
  const { store, audit, fault, releases, clock, logger, settings } = deps;
  const seal = credentialSeal(deps.dataDir);
  const upload = bytesFetch({ timeoutMs: settings.uploadTimeoutSeconds * 1000, maxBodyBytes: ANSWER_MAX_BYTES });
  const links = subcloudLinks({
    // A subcloud's requests during its step share its connections (two: the pre-check asks two things at once).
    transport: () => {
      const connections = keptConnections({ idleMs: KEPT_IDLE_MS, perServer: 2 });
      const lean = leanFetch({ timeoutMs: settings.callTimeoutMs, maxBodyBytes: ANSWER_MAX_BYTES, connections });
      return { fetch: textOrBytesFetch(lean, upload), close: () => connections.close() };
    },
    credentialOf: async (id) => {
      const sealed = await store.repos.subclouds.credential(id);
      return sealed === null ? null : (JSON.parse(seal.unseal(sealed)) as SubcloudCredential);
    },
  });
  const options = createSwUpdateOptionsDirectory({ store, audit, clock });
  const strategies = createFleetStrategies({
    store, audit, fault, clock, logger, links,
    bundle: (releaseId) => readFile(releases.bundlePath(releaseId)),
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
  return { ...strategies, ...options };
}
