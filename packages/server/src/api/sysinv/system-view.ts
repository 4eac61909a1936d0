import { sysinvTime } from '@murmuration/core/common';
import type { SystemObject } from '@murmuration/core/contract/inventory';
import type { SystemRecord } from '@murmuration/core/inventory';

const link = (rel: string, href: string) => ({ href, rel });

/** `isystem` on the wire: sysinv field names, times without zone letters, self/bookmark links. */
export function systemView(system: SystemRecord, host: string): SystemObject {
  return {
    uuid: system.uuid,
    name: system.name,
    system_type: system.systemType,
    system_mode: system.systemMode,
    description: system.description,
    contact: system.contact,
    location: system.location,
    latitude: system.latitude,
    longitude: system.longitude,
    services: null,
    software_version: system.softwareVersion,
    timezone: system.timezone,
    capabilities: { ...system.capabilities },
    region_name: system.regionName,
    distributed_cloud_role: system.distributedCloudRole,
    service_project_name: system.serviceProjectName,
    security_feature: system.securityFeature,
    created_at: sysinvTime(system.createdAt),
    updated_at: system.updatedAt === null ? null : sysinvTime(system.updatedAt),
    links: [link('self', `${host}/sysinv/v1/isystems/${system.uuid}`), link('bookmark', `${host}/sysinv/isystems/${system.uuid}`)],
    ihosts: [
      link('self', `${host}/sysinv/v1/isystems/${system.uuid}/ihosts`),
      link('bookmark', `${host}/sysinv/isystems/${system.uuid}/ihosts`),
    ],
  };
}
