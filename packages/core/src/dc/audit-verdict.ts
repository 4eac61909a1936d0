import type { SubcloudAuditReport } from '../contract/dc-agent.js';
import { DISABLED_ALARM_COUNTS, type AlarmCounts } from './alarm-summary.js';
import { AUDIT_FAILURES_TO_OFFLINE, type AvailabilityStatus } from './subcloud-states.js';
import { DC_ENDPOINT_TYPES, endpointSyncStatus, type DcEndpointType, type SyncStatus } from './sync-status.js';

/** What the system controller holds about a subcloud when its audit starts. */
export interface AuditedState {
  readonly name: string;
  readonly availability: AvailabilityStatus;
  readonly endpointSync: Readonly<Record<DcEndpointType, SyncStatus>>;
  readonly alarms: AlarmCounts;
  readonly softwareVersion: string;
  readonly failures: number;
  /** What it answered last, when it ever answered. */
  readonly report: SubcloudAuditReport | null;
}

/** How the audit request went. */
export type AuditAnswer =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'report'; readonly report: SubcloudAuditReport }
  | { readonly kind: 'failed'; readonly error: string };

/** The changes to write for one audit: nothing at all in the common case. */
export interface AuditVerdict {
  readonly failures: number;
  /** The answer to keep, when it is new. */
  readonly report: SubcloudAuditReport | null | undefined;
  readonly lastError: string | null;
  /** The subcloud's changed columns; empty when nothing changed. */
  readonly changes: {
    availability?: AvailabilityStatus;
    endpointSync?: Record<DcEndpointType, SyncStatus>;
    alarms?: AlarmCounts;
    softwareVersion?: string;
  };
}

const sameCounts = (a: AlarmCounts, b: AlarmCounts): boolean =>
  a.critical === b.critical && a.major === b.major && a.minor === b.minor && a.warnings === b.warnings;

const allUnknown = (): Record<DcEndpointType, SyncStatus> =>
  Object.fromEntries(DC_ENDPOINT_TYPES.map((t) => [t, 'unknown'])) as Record<DcEndpointType, SyncStatus>;

/**
 * Decides what one audit changes. A subcloud goes offline after `AUDIT_FAILURES_TO_OFFLINE`
 * failures in a row (its endpoints become unknown, its alarm counts disabled); any answer brings
 * it back online. An answering subcloud's endpoints are compared with the system controller's
 * digests on every audit, since the central side may change while the subcloud does not. The
 * alarms follow from the changes (`stateAlarms`).
 */
export function auditVerdict(
  state: AuditedState,
  answer: AuditAnswer,
  central: Readonly<Record<DcEndpointType, string>> | null,
): AuditVerdict {
  if (answer.kind === 'failed') {
    const failures = state.failures + 1;
    const goesOffline = state.availability === 'online' && failures >= AUDIT_FAILURES_TO_OFFLINE;
    if (!goesOffline) return { failures, report: undefined, lastError: answer.error, changes: {} };
    return {
      failures, report: undefined, lastError: answer.error,
      changes: { availability: 'offline', endpointSync: allUnknown(), alarms: DISABLED_ALARM_COUNTS },
    };
  }
  const report = answer.kind === 'report' ? answer.report : state.report;
  const changes: AuditVerdict['changes'] = {};
  if (state.availability !== 'online') changes.availability = 'online';
  if (report !== null) {
    const endpointSync = Object.fromEntries(
      DC_ENDPOINT_TYPES.map((t) => [t, endpointSyncStatus(report.sync[t], central?.[t] ?? null)]),
    ) as Record<DcEndpointType, SyncStatus>;
    if (DC_ENDPOINT_TYPES.some((t) => endpointSync[t] !== state.endpointSync[t])) changes.endpointSync = endpointSync;
    if (!sameCounts(report.alarms, state.alarms)) changes.alarms = report.alarms;
    if (report.software_version !== state.softwareVersion) changes.softwareVersion = report.software_version;
  }
  return {
    failures: 0, report: answer.kind === 'report' ? answer.report : undefined, lastError: null, changes,
  };
}
