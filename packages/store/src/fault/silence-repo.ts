import type { SilenceMatcher, SilenceRecord } from '@murmuration/core/fault';
import type { Selectable } from 'kysely';
import type { SilenceTable } from './fault-tables.js';
import type { Executor } from '../repos/executor.js';

function toRecord(row: Selectable<SilenceTable>): SilenceRecord {
  return {
    uuid: row.uuid,
    matchers: JSON.parse(row.matchers) as SilenceMatcher[],
    createdBy: row.created_by,
    comment: row.comment,
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    createdAt: Number(row.created_at),
  };
}

/** Silences: time-limited, matcher-based muting of alarms. */
export interface SilenceRepo {
  insert(silence: SilenceRecord): Promise<void>;
  find(uuid: string): Promise<SilenceRecord | null>;
  /** Newest first; with `endingAfter`, only those that end later than that time. */
  list(endingAfter?: number): Promise<SilenceRecord[]>;
  /** Ends a silence now (if it has not ended already). */
  expire(uuid: string, at: number): Promise<SilenceRecord | null>;
}

export function silenceRepo(db: Executor): SilenceRepo {
  return {
    async insert(silence) {
      await db
        .insertInto('silences')
        .values({
          uuid: silence.uuid,
          matchers: JSON.stringify(silence.matchers),
          created_by: silence.createdBy,
          comment: silence.comment,
          starts_at: silence.startsAt,
          ends_at: silence.endsAt,
          created_at: silence.createdAt,
        })
        .execute();
    },
    async find(uuid) {
      const row = await db.selectFrom('silences').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async list(endingAfter) {
      let query = db.selectFrom('silences').selectAll().orderBy('created_at', 'desc').orderBy('uuid');
      if (endingAfter !== undefined) query = query.where('ends_at', '>', endingAfter);
      return (await query.execute()).map(toRecord);
    },
    async expire(uuid, at) {
      await db.updateTable('silences').set({ ends_at: at }).where('uuid', '=', uuid).where('ends_at', '>', at).execute();
      const row = await db.selectFrom('silences').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
  };
}
