import type { SystemChanges, SystemRecord } from '@murmuration/core/inventory';
import type { Selectable, Updateable } from 'kysely';
import type { SystemTable } from './inventory-tables.js';
import type { Executor } from '../repos/executor.js';

export type NewSystem = Omit<SystemRecord, 'id'>;

function toRecord(row: Selectable<SystemTable>): SystemRecord {
  return {
    id: Number(row.id),
    uuid: row.uuid,
    name: row.name,
    systemType: row.system_type,
    systemMode: row.system_mode,
    description: row.description,
    contact: row.contact,
    location: row.location,
    latitude: row.latitude,
    longitude: row.longitude,
    softwareVersion: row.software_version,
    timezone: row.timezone,
    regionName: row.region_name,
    distributedCloudRole: row.distributed_cloud_role,
    serviceProjectName: row.service_project_name,
    securityFeature: row.security_feature,
    capabilities: JSON.parse(row.capabilities) as SystemRecord['capabilities'],
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

/** The system record (sysinv `isystem`). */
export interface SystemRepo {
  list(): Promise<SystemRecord[]>;
  insert(system: NewSystem): Promise<SystemRecord>;
  update(uuid: string, changes: SystemChanges, updatedAt: number): Promise<SystemRecord | null>;
}

export function systemRepo(db: Executor): SystemRepo {
  return {
    async list() {
      const rows = await db.selectFrom('systems').selectAll().orderBy('id').execute();
      return rows.map(toRecord);
    },
    async insert(system) {
      const row = await db
        .insertInto('systems')
        .values({
          uuid: system.uuid,
          name: system.name,
          system_type: system.systemType,
          system_mode: system.systemMode,
          description: system.description,
          contact: system.contact,
          location: system.location,
          latitude: system.latitude,
          longitude: system.longitude,
          software_version: system.softwareVersion,
          timezone: system.timezone,
          region_name: system.regionName,
          distributed_cloud_role: system.distributedCloudRole,
          service_project_name: system.serviceProjectName,
          security_feature: system.securityFeature,
          capabilities: JSON.stringify(system.capabilities),
          created_at: system.createdAt,
          updated_at: system.updatedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async update(uuid, changes, updatedAt) {
      const row = await db
        .updateTable('systems')
        .set({ ...(changes as Updateable<SystemTable>), updated_at: updatedAt })
        .where('uuid', '=', uuid)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
  };
}
