import { AppError, type Clock } from '@murmuration/core/common';
import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { canonicalJson } from '@murmuration/core/dc';
import type { Availability } from '@murmuration/core/inventory';
import type { Store } from '@murmuration/store';
import type { FaultService } from '../fault/index.js';
import type { HostService, SystemService } from '../inventory/index.js';
import { ttlValue, type TtlValue } from '../../runtime/ttl-value.js';
import type { ReleaseService } from '../software/index.js';
import { sha256Hex } from './sync-digest-hash.js';
import { syncDigests, syncInputs, type SyncedRepos } from './sync-resources.js';

/** One audit answer: the report as sent, and its ETag (the quoted SHA-256 of that text). */
export interface AuditAnswer {
  readonly report: SubcloudAuditReport;
  readonly body: string;
  readonly etag: string;
}

/** How long a computed answer serves: a burst of audits costs one computation, a change shows within it. */
export const AUDIT_ANSWER_TTL_MS = 1000;

/** The hosts' availability as the report counts it; the states between (online, intest) count in the total only. */
const BUCKET: Partial<Record<Availability, 'available' | 'degraded' | 'failed' | 'offline'>> = {
  available: 'available', degraded: 'degraded', failed: 'failed', offline: 'offline', 'power-off': 'offline',
};

export interface SubcloudReportDeps {
  readonly store: Store<SyncedRepos>;
  readonly systems: SystemService;
  readonly hosts: HostService;
  readonly releases: ReleaseService;
  readonly fault: FaultService;
  readonly clock: Clock;
}

async function buildReport(deps: SubcloudReportDeps): Promise<SubcloudAuditReport> {
  const [systems, hosts, releases, alarms, sync] = await Promise.all([
    deps.systems.list(),
    deps.hosts.list(),
    deps.releases.list(),
    deps.fault.alarms.summary(false),
    syncInputs(deps).then(syncDigests),
  ]);
  const system = systems[0];
  if (!system) throw new AppError('UNAVAILABLE', 'the system record is not there yet');
  const counts = { total: hosts.length, available: 0, degraded: 0, failed: 0, offline: 0 };
  for (const { host } of hosts) {
    const bucket = BUCKET[host.availability];
    if (bucket) counts[bucket] += 1;
  }
  return {
    region_name: system.regionName,
    system_uuid: system.uuid,
    software_version: system.softwareVersion,
    availability: counts.failed > 0 ? 'degraded' : 'online',
    releases: releases
      .map((r) => ({ release_id: r.metadata.id, state: r.state }))
      .sort((a, b) => (a.release_id < b.release_id ? -1 : a.release_id > b.release_id ? 1 : 0)),
    alarms,
    hosts: counts,
    sync,
  };
}

/**
 * The aggregate audit answer, computed at most once per `AUDIT_ANSWER_TTL_MS`: requests that
 * arrive while one is computed share it. Its text is canonical JSON, so that an unchanged
 * controller answers the same bytes and the same ETag. `invalidate` forgets it after a change
 * the next audit must see (a pushed state).
 */
export function createSubcloudReport(deps: SubcloudReportDeps): TtlValue<AuditAnswer> {
  return ttlValue(AUDIT_ANSWER_TTL_MS, deps.clock, async () => {
    const report = await buildReport(deps);
    const body = canonicalJson(report);
    return { report, body, etag: `"${sha256Hex(body)}"` };
  });
}
