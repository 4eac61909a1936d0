import type { EventRecord, EventState, NewEvent, TextTest, TimeTest } from '@murmuration/core/fault';
import type { Insertable, Selectable } from 'kysely';
import type { EventLogTable } from './fault-tables.js';
import type { DialectName } from '../dialects/dialect-name.js';
import { bulkInsert } from '../repos/bulk-insert.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';
import { timeTestSql, withTests, type FmRecordFilter } from './filter-tests.js';

function toRecord(row: Selectable<EventLogTable>): EventRecord {
  return {
    seq: Number(row.seq),
    uuid: row.uuid,
    eventLogId: row.event_log_id,
    state: row.state,
    entityTypeId: row.entity_type_id,
    entityInstanceId: row.entity_instance_id,
    timestamp: Number(row.at),
    severity: row.severity,
    reasonText: row.reason_text,
    eventLogType: row.event_log_type,
    probableCause: row.probable_cause,
    repairAction: row.repair_action,
    serviceAffecting: fromFlag(row.service_affecting),
    suppression: fromFlag(row.suppression),
    alarmUuid: row.alarm_uuid,
    previousSeverity: row.previous_severity,
  };
}

function toRow(event: NewEvent): Insertable<EventLogTable> & Record<string, unknown> {
  return {
    uuid: event.uuid,
    event_log_id: event.eventLogId,
    state: event.state,
    entity_type_id: event.entityTypeId,
    entity_instance_id: event.entityInstanceId,
    at: event.timestamp,
    severity: event.severity,
    reason_text: event.reasonText,
    event_log_type: event.eventLogType,
    probable_cause: event.probableCause,
    repair_action: event.repairAction,
    service_affecting: toFlag(event.serviceAffecting),
    suppression: toFlag(event.suppression),
    alarm_uuid: event.alarmUuid,
    previous_severity: event.previousSeverity,
  };
}

/** fm's event-log filters (every test of every field holds) and the newest-first page. */
export interface EventFilter extends FmRecordFilter {
  readonly states?: readonly EventState[];
  readonly eventLogType?: readonly TextTest[];
  readonly eventLogId?: readonly TextTest[];
  /** Tests of the record's time (fm's `start` and `end`). */
  readonly timestamp?: readonly TimeTest[];
  /** Alarm ids to leave out (masked by suppression). */
  readonly excludeIds?: readonly string[];
  /** Only records older than this one. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

const EVENT_COLUMNS = [
  'uuid',
  'event_log_id',
  'state',
  'entity_type_id',
  'entity_instance_id',
  'at',
  'severity',
  'reason_text',
  'event_log_type',
  'probable_cause',
  'repair_action',
  'service_affecting',
  'suppression',
  'alarm_uuid',
  'previous_severity',
] as const;

/** The event log: append-only records of alarm sets, clears and logs, numbered by `seq`. */
export interface EventLogRepo {
  append(events: readonly NewEvent[]): Promise<void>;
  /** Newest first. */
  list(filter: EventFilter): Promise<EventRecord[]>;
  find(uuid: string): Promise<EventRecord | null>;
  /** Records with seq > afterSeq and seq <= upToSeq, oldest first. */
  range(afterSeq: number, upToSeq: number, limit: number): Promise<EventRecord[]>;
  /** Sequence numbers after `afterSeq`, oldest first (to find which are committed). */
  seqsAfter(afterSeq: number, limit: number): Promise<number[]>;
  /** The highest sequence number, 0 when empty. */
  maxSeq(): Promise<number>;
  /** The lowest sequence number still kept, 0 when empty. */
  minSeq(): Promise<number>;
  count(): Promise<number>;
  /** Deletes up to `batch` of the oldest records while more than `keep` remain; returns how many. */
  trim(keep: number, batch: number): Promise<number>;
}

export function eventLogRepo(db: Executor, dialect: DialectName): EventLogRepo {
  return {
    async append(events) {
      await bulkInsert(db, dialect, 'event_log', EVENT_COLUMNS, events.map(toRow));
    },
    async list(filter) {
      let query = withTests(db.selectFrom('event_log').selectAll().orderBy('seq', 'desc').limit(filter.limit), dialect, [
        ['uuid', filter.uuid],
        ['event_log_type', filter.eventLogType],
        ['event_log_id', filter.eventLogId],
        ['entity_type_id', filter.entityTypeId],
        ['entity_instance_id', filter.entityInstanceId],
        ['severity', filter.severity],
      ]);
      if (filter.states !== undefined) query = query.where('state', 'in', filter.states);
      for (const test of filter.timestamp ?? []) query = query.where(timeTestSql('at', test));
      if (filter.excludeIds !== undefined && filter.excludeIds.length > 0) {
        // Masking hides alarm records only: logs stay visible, as in fm.
        const excluded = filter.excludeIds;
        query = query.where((eb) => eb.or([eb('state', '=', 'log'), eb('event_log_id', 'not in', excluded)]));
      }
      if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
      return (await query.execute()).map(toRecord);
    },
    async find(uuid) {
      const row = await db.selectFrom('event_log').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async range(afterSeq, upToSeq, limit) {
      const rows = await db.selectFrom('event_log').selectAll().where('seq', '>', afterSeq).where('seq', '<=', upToSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toRecord);
    },
    async seqsAfter(afterSeq, limit) {
      const rows = await db.selectFrom('event_log').select('seq').where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map((r) => Number(r.seq));
    },
    async maxSeq() {
      const row = await db.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return row?.seq == null ? 0 : Number(row.seq);
    },
    async minSeq() {
      const row = await db.selectFrom('event_log').select((eb) => eb.fn.min('seq').as('seq')).executeTakeFirst();
      return row?.seq == null ? 0 : Number(row.seq);
    },
    async count() {
      const row = await db.selectFrom('event_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async trim(keep, batch) {
      const boundary = await db.selectFrom('event_log').select('seq').orderBy('seq', 'desc').offset(keep).limit(1).executeTakeFirst();
      if (!boundary) return 0;
      const oldest = await db.selectFrom('event_log').select('seq').where('seq', '<=', boundary.seq).orderBy('seq').offset(batch - 1).limit(1).executeTakeFirst();
      const upTo = oldest ? Math.min(Number(oldest.seq), Number(boundary.seq)) : Number(boundary.seq);
      const result = await db.deleteFrom('event_log').where('seq', '<=', upTo).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
