import type {
  AvailabilityStatus, CloudStatus, DeployStatus, ManagementState, PrestageStatus, SyncStatus, UpdateApplyType,
} from '@murmuration/core/dc';

/**
 * The dcmanager API's objects as its clients read them (`/dcmanager/v1.0`). Key spelling is per
 * object, as dcmanager spells it: a subcloud's states are hyphenated, its group and sync keys
 * underscored; a group is underscored but for its dates.
 */

export interface DcEndpointSyncObject {
  readonly endpoint_type: string;
  readonly sync_status: SyncStatus;
}

/** A subcloud as `GET /subclouds/{ref}` answers it; the optional keys may be absent from other replies. */
export interface DcSubcloudObject {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly 'software-version': string;
  readonly 'management-state': ManagementState;
  readonly 'availability-status': AvailabilityStatus;
  readonly 'deploy-status': DeployStatus | 'secondary' | 'secondary-failed';
  readonly 'management-subnet': string | null;
  readonly 'management-start-ip': string | null;
  readonly 'management-end-ip': string | null;
  readonly 'management-gateway-ip': string | null;
  readonly 'systemcontroller-gateway-ip': string | null;
  readonly 'created-at': string;
  readonly 'updated-at': string | null;
  readonly group_id: number;
  readonly peer_group_id?: number | null;
  readonly 'error-description'?: string;
  readonly 'region-name'?: string | null;
  readonly 'backup-status'?: string | null;
  readonly 'backup-datetime'?: string | null;
  readonly 'prestage-status'?: PrestageStatus | null;
  readonly 'prestage-versions'?: string | null;
  /** In lists only: the endpoints' statuses in one. */
  readonly sync_status?: SyncStatus;
  readonly endpoint_sync_status?: readonly DcEndpointSyncObject[];
  /** Where the subcloud answers, and where it is on a map (this controller's additions). */
  readonly url?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  /** A notice an update reply may carry. */
  readonly info_message?: string | null;
}

/** `GET /subclouds/{ref}/detail`: the subcloud and three keys the client requires. */
export interface DcSubcloudDetailObject extends DcSubcloudObject {
  readonly oam_floating_ip: string;
  readonly deploy_config_sync_status: string;
  readonly region_name: string;
}

/**
 * `POST /subclouds/`: a subcloud installed on its site, joined by its URL with a join token made
 * there, or with the subcloud's admin credentials instead.
 */
export interface DcSubcloudAddRequest {
  readonly name: string;
  readonly url: string;
  readonly join_token?: string;
  readonly admin_username?: string;
  readonly admin_password?: string;
  readonly description?: string;
  readonly location?: string;
  /** The group's name or id. */
  readonly group_id?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

/** `PATCH /subclouds/{ref}`: attributes, or a management state (with `force` as the string `"true"`). */
export interface DcSubcloudUpdateRequest {
  readonly name?: string;
  readonly description?: string;
  readonly location?: string;
  readonly group_id?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly 'management-state'?: ManagementState;
  readonly force?: 'true';
}

export interface DcSubcloudGroupObject {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly update_apply_type: UpdateApplyType;
  /** An integer; a create reply echoes it as it was sent. */
  readonly max_parallel_subclouds: number | string;
  readonly 'created-at': string;
  readonly 'updated-at': string | null;
  readonly subcloud_count?: number;
}

export interface DcSubcloudGroupRequest {
  readonly name?: string;
  readonly description?: string;
  readonly update_apply_type?: UpdateApplyType;
  readonly max_parallel_subclouds?: number;
}

/** One row of `GET /alarms/`: `region_name` is the subcloud's name; -1 counts mean disabled. */
export interface DcAlarmSummaryObject {
  readonly region_name: string;
  readonly uuid: string;
  readonly critical_alarms: number;
  readonly major_alarms: number;
  readonly minor_alarms: number;
  readonly warnings: number;
  readonly cloud_status: CloudStatus;
}

/** One cell of the fleet summary: how many subclouds are in these three states. */
export interface DcFleetCountObject {
  readonly management_state: ManagementState;
  readonly availability_status: AvailabilityStatus;
  readonly sync_status: SyncStatus;
  readonly count: number;
}

/** `GET /subclouds/summary` (this controller's own): the fleet counted by each state and by the three together. */
export interface DcFleetSummaryObject {
  readonly total: number;
  readonly management_state: Readonly<Record<string, number>>;
  readonly availability_status: Readonly<Record<string, number>>;
  readonly sync_status: Readonly<Record<string, number>>;
  readonly counts: readonly DcFleetCountObject[];
}
