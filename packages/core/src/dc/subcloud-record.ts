import type { AlarmCounts } from './alarm-summary.js';
import type { UpdateApplyType } from './subcloud-names.js';
import type { AvailabilityStatus, DeployStatus, ManagementState, PrestageStatus } from './subcloud-states.js';
import type { DcEndpointType, SyncStatus } from './sync-status.js';

/** A subcloud as the system controller keeps it. */
export interface SubcloudRecord {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly groupId: number;
  readonly url: string;
  readonly regionName: string;
  readonly systemUuid: string;
  readonly softwareVersion: string;
  readonly managementState: ManagementState;
  readonly availabilityStatus: AvailabilityStatus;
  readonly deployStatus: DeployStatus;
  readonly errorDescription: string;
  readonly endpointSync: Readonly<Record<DcEndpointType, SyncStatus>>;
  readonly syncStatus: SyncStatus;
  readonly alarms: AlarmCounts;
  readonly alarmSummaryUuid: string;
  readonly prestageStatus: PrestageStatus | null;
  readonly prestageVersions: string | null;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** What may change on a subcloud after it was added. */
export type SubcloudChanges = Partial<
  Pick<
    SubcloudRecord,
    | 'description' | 'location' | 'latitude' | 'longitude' | 'groupId' | 'softwareVersion' | 'managementState'
    | 'availabilityStatus' | 'deployStatus' | 'errorDescription' | 'endpointSync' | 'alarms' | 'prestageStatus'
    | 'prestageVersions' | 'name'
  >
>;

export interface SubcloudGroupRecord {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly updateApplyType: UpdateApplyType;
  readonly maxParallelSubclouds: number;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** The fleet counted by the three states the operator filters on. */
export interface FleetCount {
  readonly managementState: ManagementState;
  readonly availabilityStatus: AvailabilityStatus;
  readonly syncStatus: SyncStatus;
  readonly count: number;
}
