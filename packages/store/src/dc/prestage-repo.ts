import type { PrestageOrigin, PrestageProgress, PrestageStatus, SubcloudPrestageRecord } from '@murmuration/core/dc';
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';
import type { SubcloudPrestageTable } from './prestage-tables.js';

/** A prestage as it is asked for: the subcloud, the release, what for, and by whom. */
export interface NewPrestage {
  readonly subcloudId: number;
  readonly releaseId: string;
  readonly forSwDeploy: boolean;
  readonly origin: PrestageOrigin;
}

/**
 * The subclouds' prestages, one row each (the latest): a new one replaces the one before; a replica works one
 * under a lease (`claim`: `FOR UPDATE SKIP LOCKED` on PostgreSQL), renews it as it reports progress and gives it
 * back at the end. A replica that dies leaves its leases to expire, and another (or itself, restarted) resumes.
 */
export interface SubcloudPrestageRepo {
  /** Records a prestage under way from nothing (replacing the subcloud's earlier one). */
  start(job: NewPrestage, at: number): Promise<SubcloudPrestageRecord>;
  find(subcloudId: number): Promise<SubcloudPrestageRecord | null>;
  /** Claims up to `limit` prestages under way that no live lease holds, oldest first. */
  claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<SubcloudPrestageRecord[]>;
  /** Records progress and renews the lease, when `owner` still holds it; false when it no longer does. */
  progress(
    subcloudId: number,
    owner: string,
    progress: PrestageProgress,
    leaseUntil: number,
    at: number,
  ): Promise<boolean>;
  /** Ends a prestage (complete or failed) and gives its lease back, when `owner` still holds it. */
  finish(
    subcloudId: number,
    owner: string,
    end: { readonly state: Exclude<PrestageStatus, 'prestaging'>; readonly error: string | null } & Partial<PrestageProgress>,
    at: number,
  ): Promise<boolean>;
  /** Gives a replica's leases back at once (a stopping replica does). */
  abandon(owner: string): Promise<void>;
  /** How many prestages are under way. */
  countUnderWay(): Promise<number>;
}

function toRecord(row: Selectable<SubcloudPrestageTable>): SubcloudPrestageRecord {
  return {
    subcloudId: Number(row.subcloud_id),
    releaseId: row.release_id,
    forSwDeploy: fromFlag(row.for_sw_deploy),
    origin: row.origin,
    state: row.state,
    bytesTotal: Number(row.bytes_total),
    bytesSent: Number(row.bytes_sent),
    attempts: Number(row.attempts),
    resumedFrom: Number(row.resumed_from),
    rateBps: Number(row.rate_bps),
    error: row.error,
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    updatedAt: Number(row.updated_at),
  };
}

const progressColumns = (p: Partial<PrestageProgress>) => ({
  ...(p.bytesTotal !== undefined ? { bytes_total: p.bytesTotal } : {}),
  ...(p.bytesSent !== undefined ? { bytes_sent: p.bytesSent } : {}),
  ...(p.attempts !== undefined ? { attempts: p.attempts } : {}),
  ...(p.resumedFrom !== undefined ? { resumed_from: p.resumedFrom } : {}),
  ...(p.rateBps !== undefined ? { rate_bps: p.rateBps } : {}),
});

export function subcloudPrestageRepo(db: Executor, dialect: DialectName): SubcloudPrestageRepo {
  return {
    async start(job, at) {
      const row = {
        subcloud_id: job.subcloudId, release_id: job.releaseId, for_sw_deploy: toFlag(job.forSwDeploy),
        origin: job.origin,
        state: 'prestaging' as const, bytes_total: 0, bytes_sent: 0, attempts: 0, resumed_from: 0, rate_bps: 0,
        error: null, started_at: at, finished_at: null, updated_at: at, lease_owner: null, lease_until: null,
      };
      const { subcloud_id: _key, ...rest } = row;
      await db.insertInto('subcloud_prestages').values(row).onConflict((oc) => oc.column('subcloud_id').doUpdateSet(rest)).execute();
      return toRecord(row);
    },
    async find(subcloudId) {
      const row = await db.selectFrom('subcloud_prestages').selectAll().where('subcloud_id', '=', subcloudId).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async claim(owner, now, leaseUntil, limit) {
      if (limit <= 0) return [];
      const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
      const result = await sql<Selectable<SubcloudPrestageTable>>`
        update subcloud_prestages set lease_owner = ${owner}, lease_until = ${leaseUntil}
        where subcloud_id in (
          select subcloud_id from subcloud_prestages
          where state = 'prestaging' and (lease_until is null or lease_until < ${now})
          order by started_at limit ${limit} ${lock})
        returning *`.execute(db);
      return result.rows.map(toRecord);
    },
    async progress(subcloudId, owner, progress, leaseUntil, at) {
      const result = await db
        .updateTable('subcloud_prestages')
        .set({ ...progressColumns(progress), lease_until: leaseUntil, updated_at: at })
        .where('subcloud_id', '=', subcloudId)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'prestaging')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async finish(subcloudId, owner, end, at) {
      const result = await db
        .updateTable('subcloud_prestages')
        .set({
          ...progressColumns(end), state: end.state, error: end.error, finished_at: at, updated_at: at,
          lease_owner: null, lease_until: null,
        })
        .where('subcloud_id', '=', subcloudId)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'prestaging')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async abandon(owner) {
      await db
        .updateTable('subcloud_prestages')
        .set({ lease_owner: null, lease_until: null })
        .where('lease_owner', '=', owner)
        .execute();
    },
    async countUnderWay() {
      const row = await db
        .selectFrom('subcloud_prestages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'prestaging')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
