import type { ReceiverRecord } from '@murmuration/core/fault';
import type { Selectable } from 'kysely';
import type { ReceiverTable } from './fault-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

function toRecord(row: Selectable<ReceiverTable>): ReceiverRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    kind: row.kind,
    url: row.url,
    fleetWide: fromFlag(row.fleet_wide),
    createdAt: Number(row.created_at),
    deliveredSeq: Number(row.delivered_seq),
    lastSuccessAt: row.last_success_at === null ? null : Number(row.last_success_at),
    lastAttemptAt: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
    lastError: row.last_error,
    failures: Number(row.failures),
    dropped: Number(row.dropped),
  };
}

/** Notification receivers and each one's delivery cursor into the event log. */
export interface ReceiverRepo {
  insert(receiver: ReceiverRecord): Promise<void>;
  list(): Promise<ReceiverRecord[]>;
  /** By uuid or by name. */
  find(idOrName: string): Promise<ReceiverRecord | null>;
  remove(uuid: string): Promise<boolean>;
  /**
   * Sets what an operator may change of a receiver; its delivery cursor stays. A new type or URL
   * starts its failure count and last error afresh: they were the old address's.
   */
  update(uuid: string, change: Partial<Pick<ReceiverRecord, 'kind' | 'url' | 'fleetWide'>>): Promise<void>;
  /** Moves the cursor forward after a delivery (never backward). */
  delivered(uuid: string, upToSeq: number, at: number, dropped: number): Promise<void>;
  failed(uuid: string, at: number, error: string): Promise<void>;
}

export function receiverRepo(db: Executor): ReceiverRepo {
  return {
    async insert(receiver) {
      await db
        .insertInto('receivers')
        .values({
          uuid: receiver.uuid,
          name: receiver.name,
          kind: receiver.kind,
          url: receiver.url,
          fleet_wide: toFlag(receiver.fleetWide),
          created_at: receiver.createdAt,
          delivered_seq: receiver.deliveredSeq,
          last_success_at: receiver.lastSuccessAt,
          last_attempt_at: receiver.lastAttemptAt,
          last_error: receiver.lastError,
          failures: receiver.failures,
          dropped: receiver.dropped,
        })
        .execute();
    },
    async list() {
      return (await db.selectFrom('receivers').selectAll().orderBy('name').execute()).map(toRecord);
    },
    async find(idOrName) {
      const row = await db
        .selectFrom('receivers')
        .selectAll()
        .where((eb) => eb.or([eb('uuid', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async remove(uuid) {
      const result = await db.deleteFrom('receivers').where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async update(uuid, change) {
      const set = {
        ...(change.kind === undefined ? {} : { kind: change.kind }),
        ...(change.url === undefined ? {} : { url: change.url }),
        ...(change.kind === undefined && change.url === undefined ? {} : { failures: 0, last_error: null }),
        ...(change.fleetWide === undefined ? {} : { fleet_wide: toFlag(change.fleetWide) }),
      };
      if (Object.keys(set).length > 0) await db.updateTable('receivers').set(set).where('uuid', '=', uuid).execute();
    },
    async delivered(uuid, upToSeq, at, dropped) {
      await db
        .updateTable('receivers')
        .set((eb) => ({
          delivered_seq: upToSeq,
          last_success_at: at,
          last_attempt_at: at,
          last_error: null,
          failures: 0,
          dropped: eb('dropped', '+', dropped),
        }))
        .where('uuid', '=', uuid)
        .where('delivered_seq', '<', upToSeq)
        .execute();
    },
    async failed(uuid, at, error) {
      await db
        .updateTable('receivers')
        .set((eb) => ({ last_attempt_at: at, last_error: error.slice(0, 500), failures: eb('failures', '+', 1) }))
        .where('uuid', '=', uuid)
        .execute();
    },
  };
}
