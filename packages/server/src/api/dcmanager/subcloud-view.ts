import { pythonIsoTime, pythonTime } from '@murmuration/core/common';
import type {
  SubcloudDetailObject, SubcloudGroupObject, SubcloudObject,
} from '@murmuration/core/contract/dcmanager';
import { DC_ENDPOINT_TYPES, cloudStatus, type SubcloudGroupRecord, type SubcloudRecord } from '@murmuration/core/dc';
import type { SubcloudAlarmRow } from '../../services/dc-manager/index.js';

/**
 * How times are written: as pecan writes a database row (GET, and the add, which answers its row), or as dcmanager's
 * RPC replies do (the PATCH of update, manage and unmanage).
 */
export type TimeStyle = 'row' | 'rpc';

const timeOf = (style: TimeStyle) => (style === 'row' ? pythonTime : pythonIsoTime);

/** The subcloud object; with `sync`, its aggregate `sync_status` and its `endpoint_sync_status` (list and show). */
export function subcloudObject(s: SubcloudRecord, style: TimeStyle, sync: boolean): SubcloudObject {
  const time = timeOf(style);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    location: s.location,
    'software-version': s.softwareVersion,
    'management-state': s.managementState,
    'availability-status': s.availabilityStatus,
    'deploy-status': s.deployStatus,
    'management-subnet': null,
    'management-start-ip': null,
    'management-end-ip': null,
    'management-gateway-ip': null,
    'systemcontroller-gateway-ip': null,
    'created-at': time(s.createdAt),
    'updated-at': s.updatedAt === null ? null : time(s.updatedAt),
    group_id: s.groupId,
    peer_group_id: null,
    rehome_data: null,
    'error-description': s.errorDescription,
    'region-name': s.regionName,
    'backup-status': null,
    'backup-datetime': null,
    'prestage-status': s.prestageStatus,
    'prestage-versions': s.prestageVersions,
    'openstack-installed': false,
    data_install: null,
    data_upgrade: null,
    latitude: s.latitude,
    longitude: s.longitude,
    url: s.url,
    ...(sync
      ? {
          sync_status: s.syncStatus,
          endpoint_sync_status: DC_ENDPOINT_TYPES.map((type) => ({
            endpoint_type: type, sync_status: s.endpointSync[type],
          })),
        }
      : {}),
  };
}

/** `show --detail`: the OAM address is the host the subcloud is reached at, once it is online. */
export function subcloudDetail(s: SubcloudRecord): SubcloudDetailObject {
  return {
    ...(subcloudObject(s, 'row', true) as SubcloudDetailObject),
    oam_floating_ip: s.availabilityStatus === 'online' ? new URL(s.url).hostname.replace(/^\[|\]$/g, '') : 'unavailable',
    deploy_config_sync_status: 'unknown',
    region_name: s.regionName,
  };
}

export function groupObject(g: SubcloudGroupRecord, subcloudCount?: number): SubcloudGroupObject {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    update_apply_type: g.updateApplyType,
    max_parallel_subclouds: g.maxParallelSubclouds,
    'created-at': pythonTime(g.createdAt),
    'updated-at': g.updatedAt === null ? null : pythonTime(g.updatedAt),
    ...(subcloudCount !== undefined ? { subcloud_count: subcloudCount } : {}),
  };
}

export function alarmSummaryObject(row: SubcloudAlarmRow) {
  return {
    region_name: row.name,
    uuid: row.alarmSummaryUuid,
    critical_alarms: row.alarms.critical,
    major_alarms: row.alarms.major,
    minor_alarms: row.alarms.minor,
    warnings: row.alarms.warnings,
    cloud_status: cloudStatus(row.alarms),
  };
}
