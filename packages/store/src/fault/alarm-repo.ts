import type { AlarmRecord, Severity, TextTest } from '@murmuration/core/fault';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { AlarmTable } from './fault-tables.js';
import type { DialectName } from '../dialects/dialect-name.js';
import { BULK_CHUNK, bulkInsert } from '../repos/bulk-insert.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';
import { withTests, type FmRecordFilter } from './filter-tests.js';

function toRecord(row: Selectable<AlarmTable>): AlarmRecord {
  return {
    uuid: row.uuid,
    alarmId: row.alarm_id,
    entityTypeId: row.entity_type_id,
    entityInstanceId: row.entity_instance_id,
    severity: row.severity,
    reasonText: row.reason_text,
    alarmType: row.alarm_type,
    probableCause: row.probable_cause,
    repairAction: row.repair_action,
    serviceAffecting: fromFlag(row.service_affecting),
    suppression: fromFlag(row.suppression),
    inhibitsBelow: fromFlag(row.inhibits_below),
    timestamp: Number(row.raised_at),
  };
}

function toRow(alarm: AlarmRecord): Insertable<AlarmTable> & Record<string, unknown> {
  return {
    uuid: alarm.uuid,
    alarm_id: alarm.alarmId,
    entity_type_id: alarm.entityTypeId,
    entity_instance_id: alarm.entityInstanceId,
    severity: alarm.severity,
    reason_text: alarm.reasonText,
    alarm_type: alarm.alarmType,
    probable_cause: alarm.probableCause,
    repair_action: alarm.repairAction,
    service_affecting: toFlag(alarm.serviceAffecting),
    suppression: toFlag(alarm.suppression),
    inhibits_below: toFlag(alarm.inhibitsBelow),
    raised_at: alarm.timestamp,
  };
}

/** fm's alarm filters (`q.field=…&q.op=…&q.value=…`): every test of every field holds. */
export interface AlarmFilter extends FmRecordFilter {
  readonly alarmId?: readonly TextTest[];
  readonly alarmType?: readonly TextTest[];
}

/** Columns alarm listings sort by. fm's severity names sort alphabetically in severity order. */
export const ALARM_SORT_KEYS = ['severity', 'timestamp', 'alarm_id', 'entity_instance_id', 'entity_type_id', 'alarm_type', 'uuid'] as const;
export type AlarmSortKey = (typeof ALARM_SORT_KEYS)[number];

const SORT_COLUMN = {
  severity: 'severity',
  timestamp: 'raised_at',
  alarm_id: 'alarm_id',
  entity_instance_id: 'entity_instance_id',
  entity_type_id: 'entity_type_id',
  alarm_type: 'alarm_type',
  uuid: 'uuid',
} as const satisfies Record<AlarmSortKey, keyof AlarmTable>;

function sortValue(alarm: AlarmRecord, key: AlarmSortKey): string | number {
  const row = toRow(alarm);
  return row[SORT_COLUMN[key]];
}

const ALARM_COLUMNS = [
  'uuid',
  'alarm_id',
  'entity_type_id',
  'entity_instance_id',
  'severity',
  'reason_text',
  'alarm_type',
  'probable_cause',
  'repair_action',
  'service_affecting',
  'suppression',
  'inhibits_below',
  'raised_at',
] as const;

/** Replaces the alarm with the same (entity, alarm id): every column but the key. */
const UPSERT = `on conflict ("entity_instance_id", "alarm_id") do update set ${ALARM_COLUMNS.filter((c) => c !== 'entity_instance_id' && c !== 'alarm_id')
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(', ')}`;

const CHUNK = BULK_CHUNK;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
}

/** Active alarms, unique by (alarm id, entity instance id). */
export interface AlarmRepo {
  /** The active alarms on any of these entities. */
  onEntities(entityInstanceIds: readonly string[]): Promise<AlarmRecord[]>;
  /** The active alarms on this entity or any entity below it. */
  onEntityTree(entityInstanceId: string): Promise<AlarmRecord[]>;
  find(uuid: string): Promise<AlarmRecord | null>;
  /** Writes each alarm, replacing the one with the same (alarm id, entity instance id). */
  upsert(alarms: readonly AlarmRecord[]): Promise<void>;
  remove(uuids: readonly string[]): Promise<void>;
  /** Every matching alarm, in no particular order. */
  list(filter: AlarmFilter): Promise<AlarmRecord[]>;
  /**
   * Up to `limit` matching alarms in the order of `sortKey` (ties broken by entity, then uuid),
   * starting after `after` (keyset paging), leaving out `excludeIds`.
   */
  page(
    filter: AlarmFilter,
    sortKey: AlarmSortKey,
    descending: boolean,
    after: AlarmRecord | null,
    limit: number,
    excludeIds: readonly string[],
  ): Promise<AlarmRecord[]>;
  /** Active alarms that hide the alarms below them, or whose id is one of `sourceIds`. */
  inhibitors(sourceIds: readonly string[]): Promise<AlarmRecord[]>;
  /** Active alarm counts by alarm id and severity. */
  counts(): Promise<{ alarmId: string; severity: Severity; count: number }[]>;
  /** Active alarm counts by severity, leaving out these alarm ids. */
  severityCounts(excludeIds: readonly string[]): Promise<{ severity: Severity; count: number }[]>;
}

export function alarmRepo(db: Executor, dialect: DialectName): AlarmRepo {
  function filtered(filter: AlarmFilter) {
    return withTests(db.selectFrom('alarms').selectAll(), dialect, [
      ['uuid', filter.uuid],
      ['alarm_id', filter.alarmId],
      ['entity_type_id', filter.entityTypeId],
      ['entity_instance_id', filter.entityInstanceId],
      ['severity', filter.severity],
      ['alarm_type', filter.alarmType],
    ]);
  }

  return {
    async onEntities(entityInstanceIds) {
      const out: AlarmRecord[] = [];
      for (const part of chunks([...new Set(entityInstanceIds)])) {
        const rows = await db.selectFrom('alarms').selectAll().where('entity_instance_id', 'in', part).execute();
        out.push(...rows.map(toRecord));
      }
      return out;
    },
    async onEntityTree(entityInstanceId) {
      const rows = await db
        .selectFrom('alarms')
        .selectAll()
        .where(sql<boolean>`entity_instance_id = ${entityInstanceId} or entity_instance_id like ${likePrefix(entityInstanceId)} escape '\\'`)
        .execute();
      // SQLite's LIKE ignores ASCII case; keep only exact prefixes.
      return rows.map(toRecord).filter((a) => a.entityInstanceId === entityInstanceId || a.entityInstanceId.startsWith(`${entityInstanceId}.`));
    },
    async find(uuid) {
      const row = await db.selectFrom('alarms').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async upsert(alarms) {
      await bulkInsert(db, dialect, 'alarms', ALARM_COLUMNS, alarms.map(toRow), UPSERT);
    },
    async remove(uuids) {
      for (const part of chunks(uuids)) await db.deleteFrom('alarms').where('uuid', 'in', part).execute();
    },
    async page(filter, sortKey, descending, after, limit, excludeIds) {
      const column = SORT_COLUMN[sortKey];
      const direction = descending ? 'desc' : 'asc';
      let query = filtered(filter).orderBy(column, direction).orderBy('entity_instance_id', direction).orderBy('uuid', direction).limit(limit);
      if (excludeIds.length > 0) query = query.where('alarm_id', 'not in', excludeIds);
      if (after) {
        const key = [sortValue(after, sortKey), after.entityInstanceId, after.uuid] as const;
        query = query.where((eb) => eb(eb.refTuple(column, 'entity_instance_id', 'uuid'), descending ? '<' : '>', eb.tuple(key[0], key[1], key[2])));
      }
      return (await query.execute()).map(toRecord);
    },
    async list(filter) {
      return (await filtered(filter).execute()).map(toRecord);
    },
    async inhibitors(sourceIds) {
      const rows = await db
        .selectFrom('alarms')
        .selectAll()
        .where((eb) => (sourceIds.length > 0 ? eb.or([eb('inhibits_below', '=', 1), eb('alarm_id', 'in', sourceIds)]) : eb('inhibits_below', '=', 1)))
        .execute();
      return rows.map(toRecord);
    },
    async severityCounts(excludeIds) {
      let query = db.selectFrom('alarms').select((eb) => ['severity', eb.fn.countAll<number>().as('n')]).groupBy('severity');
      if (excludeIds.length > 0) query = query.where('alarm_id', 'not in', excludeIds);
      return (await query.execute()).map((r) => ({ severity: r.severity, count: Number(r.n) }));
    },
    async counts() {
      const rows = await db
        .selectFrom('alarms')
        .select((eb) => ['alarm_id', 'severity', eb.fn.countAll<number>().as('n')])
        .groupBy(['alarm_id', 'severity'])
        .execute();
      return rows.map((r) => ({ alarmId: r.alarm_id, severity: r.severity, count: Number(r.n) }));
    },
  };
}
