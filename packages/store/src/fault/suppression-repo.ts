import type { SuppressionRecord, SuppressionStatus } from '@murmuration/core/fault';
import type { Selectable } from 'kysely';
import type { EventSuppressionTable } from './fault-tables.js';
import type { Executor } from '../repos/executor.js';

function toRecord(row: Selectable<EventSuppressionTable>): SuppressionRecord {
  return { id: Number(row.id), uuid: row.uuid, alarmId: row.alarm_id, status: row.status };
}

/** Which alarm ids operators have masked (fm event suppression). */
export interface SuppressionRepo {
  list(): Promise<SuppressionRecord[]>;
  find(uuid: string): Promise<SuppressionRecord | null>;
  /** Adds unsuppressed rows for the ids that have none; returns how many were added. */
  ensure(entries: readonly { uuid: string; alarmId: string }[], at: number): Promise<number>;
  setStatus(uuid: string, status: SuppressionStatus, at: number): Promise<SuppressionRecord | null>;
  remove(uuid: string): Promise<boolean>;
}

export function suppressionRepo(db: Executor): SuppressionRepo {
  return {
    async list() {
      return (await db.selectFrom('event_suppression').selectAll().orderBy('alarm_id').execute()).map(toRecord);
    },
    async find(uuid) {
      const row = await db.selectFrom('event_suppression').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async ensure(entries, at) {
      const known = new Set((await db.selectFrom('event_suppression').select('alarm_id').execute()).map((r) => r.alarm_id));
      const missing = entries.filter((e) => !known.has(e.alarmId));
      if (missing.length === 0) return 0;
      await db
        .insertInto('event_suppression')
        .values(missing.map((e) => ({ uuid: e.uuid, alarm_id: e.alarmId, status: 'unsuppressed', updated_at: at })))
        .execute();
      return missing.length;
    },
    async setStatus(uuid, status, at) {
      const row = await db.updateTable('event_suppression').set({ status, updated_at: at }).where('uuid', '=', uuid).returningAll().executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async remove(uuid) {
      const result = await db.deleteFrom('event_suppression').where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
