import type { AuditEntry, AuditEvent } from '@murmuration/core/audit';
import type { Insertable, Selectable } from 'kysely';
import type { AuditLogTable } from './audit-tables.js';
import type { DialectName } from '../dialects/dialect-name.js';
import { bulkInsert } from '../repos/bulk-insert.js';
import type { Executor } from '../repos/executor.js';

const AUDIT_COLUMNS = [
  'seq',
  'at',
  'request_id',
  'event',
  'user_id',
  'user_name',
  'project_id',
  'project_name',
  'source',
  'method',
  'path',
  'target',
  'outcome',
  'detail',
  'prev_hash',
  'hash',
] as const;

function toRow(entry: AuditEntry): Insertable<AuditLogTable> & Record<string, unknown> {
  return {
    seq: entry.seq,
    at: entry.time,
    request_id: entry.requestId,
    event: entry.event,
    user_id: entry.userId,
    user_name: entry.userName,
    project_id: entry.projectId,
    project_name: entry.projectName,
    source: entry.source,
    method: entry.method,
    path: entry.path,
    target: entry.target,
    outcome: entry.outcome,
    detail: entry.detail,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    time: Number(row.at),
    requestId: row.request_id,
    event: row.event,
    userId: row.user_id,
    userName: row.user_name,
    projectId: row.project_id,
    projectName: row.project_name,
    source: row.source,
    method: row.method,
    path: row.path,
    target: row.target,
    outcome: Number(row.outcome),
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditFilter {
  /** Matches the user name or the user id. */
  readonly user?: string | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly outcomeMin?: number | undefined;
  readonly outcomeMax?: number | undefined;
  readonly event?: AuditEvent | undefined;
  /** Only entries older than this sequence number. */
  readonly beforeSeq?: number | undefined;
  readonly limit: number;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * The append-only audit log and its chain head. `advanceHead` takes the head row's lock (in
 * PostgreSQL the row lock is held to commit), so concurrent transactions chain one after another.
 */
export interface AuditRepo {
  /** Takes the next `count` sequence numbers (default one); returns the last one taken and the previous head hash. */
  advanceHead(count?: number): Promise<AuditHead>;
  setHeadHash(hash: string): Promise<void>;
  head(): Promise<AuditHead>;
  insert(entries: AuditEntry | readonly AuditEntry[]): Promise<void>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Entries with afterSeq < seq <= upToSeq in ascending order, for verification. */
  scan(afterSeq: number, upToSeq: number, batch: number): Promise<AuditEntry[]>;
}

export function auditRepo(db: Executor, dialect: DialectName): AuditRepo {
  return {
    async advanceHead(count = 1) {
      const row = await db
        .updateTable('audit_head')
        .set((eb) => ({ seq: eb('seq', '+', count) }))
        .where('id', '=', 1)
        .returning(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      return { seq: Number(row.seq), hash: row.hash };
    },
    async setHeadHash(hash) {
      await db.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
    },
    async head() {
      const row = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      return { seq: Number(row.seq), hash: row.hash };
    },
    async insert(entries) {
      const list: readonly AuditEntry[] = Array.isArray(entries) ? entries : [entries as AuditEntry];
      await bulkInsert(db, dialect, 'audit_log', AUDIT_COLUMNS, list.map(toRow));
    },
    async list(filter) {
      let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(filter.limit);
      if (filter.user !== undefined) {
        const user = filter.user;
        query = query.where((eb) => eb.or([eb('user_name', '=', user), eb('user_id', '=', user)]));
      }
      if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
      if (filter.until !== undefined) query = query.where('at', '<', filter.until);
      if (filter.outcomeMin !== undefined) query = query.where('outcome', '>=', filter.outcomeMin);
      if (filter.outcomeMax !== undefined) query = query.where('outcome', '<=', filter.outcomeMax);
      if (filter.event !== undefined) query = query.where('event', '=', filter.event);
      if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
      return (await query.execute()).map(toEntry);
    },
    async scan(afterSeq, upToSeq, batch) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', afterSeq)
        .where('seq', '<=', upToSeq)
        .orderBy('seq')
        .limit(batch)
        .execute();
      return rows.map(toEntry);
    },
  };
}
