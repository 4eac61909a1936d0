import type {
  AvailabilityStatus, DeployStatus, ManagementState, PrestageStatus, SyncStatus, UpdateApplyType,
} from '@murmuration/core/dc';
import type { Generated } from 'kysely';

/**
 * The system controller's fleet: its subclouds, their groups, and each subcloud's audit
 * schedule. A subcloud's sync status per endpoint type and its alarm counts are columns of its
 * row (the list shows them for every subcloud); what its audit is doing is a narrow row of its
 * own, rewritten every audit without touching the subcloud's.
 */
export interface DcTables {
  subclouds: SubcloudTable;
  subcloud_groups: SubcloudGroupTable;
  subcloud_audits: SubcloudAuditTable;
}

export interface SubcloudTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  group_id: number;
  /** Its base URL, without a trailing slash: where the system controller reaches its public APIs. */
  url: string;
  region_name: string;
  system_uuid: string;
  software_version: string;
  management_state: ManagementState;
  availability_status: AvailabilityStatus;
  deploy_status: DeployStatus;
  error_description: string;
  /** JSON object: endpoint type → sync status. */
  endpoint_sync: string;
  /** The aggregate of `endpoint_sync`, kept beside it so that the fleet can be counted by it. */
  sync_status: SyncStatus;
  /** -1 while unmanaged or offline. */
  alarm_critical: number;
  alarm_major: number;
  alarm_minor: number;
  alarm_warnings: number;
  alarm_summary_uuid: string;
  prestage_status: PrestageStatus | null;
  prestage_versions: string | null;
  /** The service account's credential, sealed with the data directory's key (never the operator's password). */
  credential: string;
  created_at: number;
  updated_at: number | null;
}

export interface SubcloudGroupTable {
  id: Generated<number>;
  name: string;
  description: string;
  update_apply_type: UpdateApplyType;
  max_parallel_subclouds: number;
  created_at: number;
  updated_at: number | null;
}

/** One managed subcloud's place in the audit: when it is due, who holds it, what it last answered. */
export interface SubcloudAuditTable {
  subcloud_id: number;
  /** When it is next due (epoch ms). */
  due_at: number;
  /** The replica auditing it now, and until when its claim holds. */
  lease_owner: string | null;
  lease_until: number | null;
  /** Consecutive failed audits. */
  failures: number;
  /** The ETag of its last answer, sent back as If-None-Match. */
  etag: string | null;
  /** Its last answer (JSON), kept when it changes. */
  report: string | null;
  audited_at: number | null;
  last_error: string | null;
}

declare module '../schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the tables
  interface Database extends DcTables {}
}
