import {
  aggregateSyncStatus, DC_ENDPOINT_TYPES, type AlarmCounts, type DcEndpointType, type FleetCount, type SubcloudChanges,
  type SubcloudRecord, type SyncStatus,
} from '@murmuration/core/dc';
import type { Selectable, Updateable } from 'kysely';
import type { Executor } from '../repos/executor.js';
import type { SubcloudTable } from './dc-tables.js';

/** A new subcloud: everything but its id and times. */
export type NewSubcloud = Omit<SubcloudRecord, 'id' | 'createdAt' | 'updatedAt' | 'syncStatus'> & { readonly credential: string };

export interface SubcloudListFilter {
  readonly groupId?: number;
  /** Only subclouds with an id above this one (the next page), in id order. */
  readonly afterId?: number;
  readonly limit?: number;
}

/** One row of the central alarm summary. */
export interface SubcloudAlarmRow {
  readonly id: number;
  readonly name: string;
  readonly alarmSummaryUuid: string;
  readonly alarms: AlarmCounts;
}

/** The fleet's subclouds: the system controller's record of each. */
export interface SubcloudRepo {
  insert(subcloud: NewSubcloud, at: number): Promise<SubcloudRecord>;
  findById(id: number): Promise<SubcloudRecord | null>;
  findByName(name: string): Promise<SubcloudRecord | null>;
  findByRegion(region: string): Promise<SubcloudRecord | null>;
  findByUrl(url: string): Promise<SubcloudRecord | null>;
  list(filter?: SubcloudListFilter): Promise<SubcloudRecord[]>;
  /** The ids of the subclouds given, that exist, with their records. */
  findByIds(ids: readonly number[]): Promise<SubcloudRecord[]>;
  update(id: number, changes: SubcloudChanges, at: number): Promise<SubcloudRecord | null>;
  /**
   * Changes a subcloud only while it is managed, in the one statement (what an audit observed must not land on a
   * subcloud unmanaged meanwhile); null when it is not, or no longer, managed.
   */
  updateManaged(id: number, changes: SubcloudChanges, at: number): Promise<SubcloudRecord | null>;
  remove(id: number): Promise<boolean>;
  /** The sealed service-account credential of a subcloud. */
  credential(id: number): Promise<string | null>;
  countInGroup(groupId: number): Promise<number>;
  /** How many subclouds each group holds (groups without any are left out), in one grouped query. */
  countByGroup(): Promise<ReadonlyMap<number, number>>;
  /** The alarm counts of the subclouds, newest first: those below `beforeId` when given, at most `limit`. */
  alarmPage(beforeId: number | null, limit: number): Promise<SubcloudAlarmRow[]>;
  /** The fleet counted by management state, availability and sync status. */
  fleetCounts(): Promise<FleetCount[]>;
  count(): Promise<number>;
}

const COLUMNS = [
  'id', 'name', 'description', 'location', 'latitude', 'longitude', 'group_id', 'url', 'region_name', 'system_uuid',
  'software_version', 'management_state', 'availability_status', 'deploy_status', 'error_description', 'endpoint_sync',
  'sync_status', 'alarm_critical', 'alarm_major', 'alarm_minor', 'alarm_warnings', 'alarm_summary_uuid',
  'prestage_status', 'prestage_versions', 'created_at', 'updated_at',
] as const;

type Row = Pick<Selectable<SubcloudTable>, (typeof COLUMNS)[number]>;

function endpointSyncOf(text: string): Record<DcEndpointType, SyncStatus> {
  const stored = JSON.parse(text) as Partial<Record<DcEndpointType, SyncStatus>>;
  return Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, stored[type] ?? 'unknown'])) as Record<DcEndpointType, SyncStatus>;
}

function toRecord(row: Row): SubcloudRecord {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    location: row.location,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    groupId: Number(row.group_id),
    url: row.url,
    regionName: row.region_name,
    systemUuid: row.system_uuid,
    softwareVersion: row.software_version,
    managementState: row.management_state,
    availabilityStatus: row.availability_status,
    deployStatus: row.deploy_status,
    errorDescription: row.error_description,
    endpointSync: endpointSyncOf(row.endpoint_sync),
    syncStatus: row.sync_status,
    alarms: {
      critical: Number(row.alarm_critical), major: Number(row.alarm_major),
      minor: Number(row.alarm_minor), warnings: Number(row.alarm_warnings),
    },
    alarmSummaryUuid: row.alarm_summary_uuid,
    prestageStatus: row.prestage_status,
    prestageVersions: row.prestage_versions,
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

function syncColumns(endpointSync: Readonly<Record<DcEndpointType, SyncStatus>>) {
  const statuses = DC_ENDPOINT_TYPES.map((endpointType) => ({ endpointType, syncStatus: endpointSync[endpointType] }));
  return { endpoint_sync: JSON.stringify(endpointSync), sync_status: aggregateSyncStatus(statuses) };
}

function changedColumns(changes: SubcloudChanges): Updateable<SubcloudTable> {
  const c: Updateable<SubcloudTable> = {};
  if (changes.name !== undefined) c.name = changes.name;
  if (changes.description !== undefined) c.description = changes.description;
  if (changes.location !== undefined) c.location = changes.location;
  if (changes.latitude !== undefined) c.latitude = changes.latitude;
  if (changes.longitude !== undefined) c.longitude = changes.longitude;
  if (changes.groupId !== undefined) c.group_id = changes.groupId;
  if (changes.softwareVersion !== undefined) c.software_version = changes.softwareVersion;
  if (changes.managementState !== undefined) c.management_state = changes.managementState;
  if (changes.availabilityStatus !== undefined) c.availability_status = changes.availabilityStatus;
  if (changes.deployStatus !== undefined) c.deploy_status = changes.deployStatus;
  if (changes.errorDescription !== undefined) c.error_description = changes.errorDescription;
  if (changes.endpointSync !== undefined) Object.assign(c, syncColumns(changes.endpointSync));
  if (changes.alarms !== undefined) {
    c.alarm_critical = changes.alarms.critical;
    c.alarm_major = changes.alarms.major;
    c.alarm_minor = changes.alarms.minor;
    c.alarm_warnings = changes.alarms.warnings;
  }
  if (changes.prestageStatus !== undefined) c.prestage_status = changes.prestageStatus;
  if (changes.prestageVersions !== undefined) c.prestage_versions = changes.prestageVersions;
  return c;
}

/** How many ids one `in (…)` list carries: well inside both dialects' parameter limits. */
const IDS_PER_QUERY = 900;

export function subcloudRepo(db: Executor): SubcloudRepo {
  const one = async (where: (q: ReturnType<typeof select>) => ReturnType<typeof select>) => {
    const row = await where(select()).executeTakeFirst();
    return row ? toRecord(row) : null;
  };
  function select() {
    return db.selectFrom('subclouds').select(COLUMNS);
  }
  return {
    async insert(subcloud, at) {
      const row = await db
        .insertInto('subclouds')
        .values({
          name: subcloud.name,
          description: subcloud.description,
          location: subcloud.location,
          latitude: subcloud.latitude,
          longitude: subcloud.longitude,
          group_id: subcloud.groupId,
          url: subcloud.url,
          region_name: subcloud.regionName,
          system_uuid: subcloud.systemUuid,
          software_version: subcloud.softwareVersion,
          management_state: subcloud.managementState,
          availability_status: subcloud.availabilityStatus,
          deploy_status: subcloud.deployStatus,
          error_description: subcloud.errorDescription,
          ...syncColumns(subcloud.endpointSync),
          alarm_critical: subcloud.alarms.critical,
          alarm_major: subcloud.alarms.major,
          alarm_minor: subcloud.alarms.minor,
          alarm_warnings: subcloud.alarms.warnings,
          alarm_summary_uuid: subcloud.alarmSummaryUuid,
          prestage_status: subcloud.prestageStatus,
          prestage_versions: subcloud.prestageVersions,
          credential: subcloud.credential,
          created_at: at,
          updated_at: null,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    findById: (id) => one((q) => q.where('id', '=', id)),
    findByName: (name) => one((q) => q.where('name', '=', name)),
    findByRegion: (region) => one((q) => q.where('region_name', '=', region)),
    findByUrl: (url) => one((q) => q.where('url', '=', url)),
    async list(filter = {}) {
      let q = select().orderBy('id');
      if (filter.groupId !== undefined) q = q.where('group_id', '=', filter.groupId);
      if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
      if (filter.limit !== undefined) q = q.limit(filter.limit);
      return (await q.execute()).map(toRecord);
    },
    async findByIds(ids) {
      const out: SubcloudRecord[] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const part = ids.slice(i, i + IDS_PER_QUERY);
        if (part.length > 0) out.push(...(await select().where('id', 'in', part).execute()).map(toRecord));
      }
      return out;
    },
    async update(id, changes, at) {
      const columns = changedColumns(changes);
      const row = await db
        .updateTable('subclouds')
        .set({ ...columns, updated_at: at })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async updateManaged(id, changes, at) {
      const row = await db
        .updateTable('subclouds')
        .set({ ...changedColumns(changes), updated_at: at })
        .where('id', '=', id)
        .where('management_state', '=', 'managed')
        .returning(COLUMNS)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async remove(id) {
      return Number((await db.deleteFrom('subclouds').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
    },
    async credential(id) {
      const row = await db.selectFrom('subclouds').select('credential').where('id', '=', id).executeTakeFirst();
      return row?.credential ?? null;
    },
    async countInGroup(groupId) {
      const row = await db.selectFrom('subclouds').select((eb) => eb.fn.countAll<number>().as('n')).where('group_id', '=', groupId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async countByGroup() {
      const rows = await db
        .selectFrom('subclouds')
        .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('group_id')
        .execute();
      return new Map(rows.map((r) => [Number(r.group_id), Number(r.n)]));
    },
    async alarmPage(beforeId, limit) {
      let q = db
        .selectFrom('subclouds')
        .select(['id', 'name', 'alarm_summary_uuid', 'alarm_critical', 'alarm_major', 'alarm_minor', 'alarm_warnings'])
        .orderBy('id', 'desc')
        .limit(limit);
      if (beforeId !== null) q = q.where('id', '<', beforeId);
      return (await q.execute()).map((r) => ({
        id: Number(r.id),
        name: r.name,
        alarmSummaryUuid: r.alarm_summary_uuid,
        alarms: {
          critical: Number(r.alarm_critical), major: Number(r.alarm_major),
          minor: Number(r.alarm_minor), warnings: Number(r.alarm_warnings),
        },
      }));
    },
    async fleetCounts() {
      const rows = await db
        .selectFrom('subclouds')
        .select(['management_state', 'availability_status', 'sync_status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['management_state', 'availability_status', 'sync_status'])
        .execute();
      return rows.map((r) => ({
        managementState: r.management_state,
        availabilityStatus: r.availability_status,
        syncStatus: r.sync_status,
        count: Number(r.n),
      }));
    },
    async count() {
      const row = await db.selectFrom('subclouds').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
