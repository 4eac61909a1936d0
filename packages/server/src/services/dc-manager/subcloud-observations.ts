import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import {
  DC_ENDPOINT_TYPES, DISABLED_ALARM_COUNTS, type AlarmCounts, type DcEndpointType, type SubcloudChanges,
  type SubcloudRecord, type SyncStatus,
} from '@murmuration/core/dc';
import type { Clock } from '@murmuration/core/common';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { FaultService } from '../fault/index.js';
import { stateAlarms } from './subcloud-alarms.js';
import { allEndpoints } from './subcloud-directory.js';

/** Sync statuses of some endpoint types. */
export type EndpointStatuses = Partial<Readonly<Record<DcEndpointType, SyncStatus>>>;

/** What one audit saw of a managed subcloud; each absent part stays as it was. */
export interface SubcloudObservation {
  readonly availability?: 'online' | 'offline';
  readonly softwareVersion?: string;
  readonly endpointSync?: EndpointStatuses;
  readonly alarms?: AlarmCounts;
}

/**
 * What the audit records of the managed subclouds. Each call changes the subcloud only when what
 * it saw differs from what is recorded (an unchanged subcloud costs one read, no write), only while
 * the subcloud is managed (what an audit saw of a subcloud unmanaged meanwhile is dropped), and
 * raises or clears 280.001 (offline) and 280.002 (an endpoint out-of-sync) in the same
 * transaction. Each answers the subcloud as it is now, or null when it is not (or no longer) managed.
 */
export interface SubcloudObservations {
  /** Online again (or still): clears 280.001; with its audit answer, its software version and alarm counts too. */
  markOnline(id: number, report?: SubcloudAuditReport | null): Promise<SubcloudRecord | null>;
  /**
   * Offline (after AUDIT_FAILURES_TO_OFFLINE failed audits): raises 280.001; every endpoint becomes unknown (clearing
   * its 280.002) and the alarm counts disabled, as dcmanager does.
   */
  markOffline(id: number, reason: string): Promise<SubcloudRecord | null>;
  /** The sync status of the endpoint types given: 280.002 raised for each out-of-sync, cleared for the others. */
  setEndpointSync(id: number, statuses: EndpointStatuses): Promise<SubcloudRecord | null>;
  /** The subcloud's alarm counts by severity, as the central alarm summary shows them. */
  setAlarmCounts(id: number, counts: AlarmCounts): Promise<SubcloudRecord | null>;
  /** All of one audit's findings at once: one transaction for a subcloud that changed in several ways. */
  recordObservation(id: number, observation: SubcloudObservation): Promise<SubcloudRecord | null>;
}

const sameCounts = (a: AlarmCounts, b: AlarmCounts): boolean =>
  a.critical === b.critical && a.major === b.major && a.minor === b.minor && a.warnings === b.warnings;

/** The columns an observation changes on a subcloud as recorded; empty when it saw nothing new. */
function changesOf(subcloud: SubcloudRecord, seen: SubcloudObservation): SubcloudChanges {
  const offline = seen.availability === 'offline';
  const endpointSync = offline ? allEndpoints('unknown') : { ...subcloud.endpointSync, ...seen.endpointSync };
  const alarms = offline ? DISABLED_ALARM_COUNTS : (seen.alarms ?? subcloud.alarms);
  return {
    ...(seen.availability !== undefined && seen.availability !== subcloud.availabilityStatus
      ? { availabilityStatus: seen.availability }
      : {}),
    ...(seen.softwareVersion !== undefined && !offline && seen.softwareVersion !== subcloud.softwareVersion
      ? { softwareVersion: seen.softwareVersion }
      : {}),
    ...(DC_ENDPOINT_TYPES.some((type) => endpointSync[type] !== subcloud.endpointSync[type]) ? { endpointSync } : {}),
    ...(!sameCounts(alarms, subcloud.alarms) ? { alarms } : {}),
  };
}

interface Observed {
  readonly subcloud: SubcloudRecord | null;
  readonly changed: boolean;
}

export function createSubcloudObservations(deps: {
  store: Store;
  fault: FaultService;
  clock: Clock;
  logger: Logger;
}): SubcloudObservations {
  const { store, fault, clock, logger } = deps;

  /** The subcloud after what was seen, and whether that changed it. */
  async function observe(id: number, seen: SubcloudObservation): Promise<Observed> {
    // Most audits see nothing new: answered from one read, outside any transaction.
    const recorded = await store.repos.subclouds.findById(id);
    if (!recorded || recorded.managementState !== 'managed') return { subcloud: null, changed: false };
    if (Object.keys(changesOf(recorded, seen)).length === 0) return { subcloud: recorded, changed: false };
    return store.transaction(async (repos) => {
      const before = await repos.subclouds.findById(id);
      if (!before || before.managementState !== 'managed') return { subcloud: null, changed: false };
      const changes = changesOf(before, seen);
      if (Object.keys(changes).length === 0) return { subcloud: before, changed: false };
      const after = await repos.subclouds.updateManaged(id, changes, clock.now());
      if (!after) return { subcloud: null, changed: false };
      const alarms = stateAlarms(before, after);
      if (alarms.length > 0) await fault.applyIn(repos, alarms);
      return { subcloud: after, changed: true };
    });
  }
  const recordObservation = async (id: number, seen: SubcloudObservation) => (await observe(id, seen)).subcloud;

  return {
    recordObservation,
    markOnline: (id, report) =>
      recordObservation(id, {
        availability: 'online',
        ...(report ? { softwareVersion: report.software_version, alarms: report.alarms } : {}),
      }),
    async markOffline(id, reason) {
      const { subcloud, changed } = await observe(id, { availability: 'offline' });
      if (subcloud && changed) logger.warn({ subcloud: subcloud.name, reason }, 'subcloud offline');
      return subcloud;
    },
    setEndpointSync: (id, statuses) => recordObservation(id, { endpointSync: statuses }),
    setAlarmCounts: (id, counts) => recordObservation(id, { alarms: counts }),
  };
}
