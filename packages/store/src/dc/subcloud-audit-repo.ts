import type {
  AlarmCounts, AvailabilityStatus, DcEndpointType, ManagementState, SyncStatus,
} from '@murmuration/core/dc';
import { sql } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';
import { endpointSyncOf } from './endpoint-sync-column.js';

/** A subcloud a replica claimed for auditing, with what the previous audit left. */
export interface AuditClaim {
  readonly subcloudId: number;
  readonly dueAt: number;
  readonly failures: number;
  readonly etag: string | null;
  readonly report: string | null;
}

/** What the audit needs to know of a claimed subcloud: where it is, how to log in, what is held about it. */
export interface AuditTarget {
  readonly subcloudId: number;
  readonly name: string;
  readonly url: string;
  readonly credential: string;
  readonly managementState: ManagementState;
  readonly availability: AvailabilityStatus;
  readonly endpointSync: Readonly<Record<DcEndpointType, SyncStatus>>;
  readonly alarms: AlarmCounts;
  readonly softwareVersion: string;
}

/** What one audit of a subcloud changed in its schedule row. */
export interface AuditOutcome {
  readonly subcloudId: number;
  readonly failures: number;
  readonly etag: string | null;
  /** Its new answer; undefined keeps the one stored. */
  readonly report?: string | null;
  readonly lastError: string | null;
  /** When it is due again, if not at the batch's time (a failed audit is checked again sooner). */
  readonly dueAt?: number;
}

/**
 * The audit schedule of the managed subclouds, shared by every replica of the system
 * controller: a replica claims the subclouds that are due with a lease (`FOR UPDATE SKIP
 * LOCKED` on PostgreSQL, so two replicas never claim the same one), audits them, and hands them
 * back due one interval later. A replica that dies leaves its claims to expire.
 */
export interface SubcloudAuditRepo {
  /** Puts a subcloud in the audit, due at `dueAt` (a subcloud already in it keeps its row). */
  schedule(subcloudId: number, dueAt: number): Promise<void>;
  /** Takes a subcloud out of the audit (unmanaged, deleted). */
  unschedule(subcloudId: number): Promise<void>;
  /** Claims up to `limit` due subclouds no live lease holds, oldest due first. */
  claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<AuditClaim[]>;
  /** Hands audited subclouds back, due at `dueAt`, when `owner` still holds them; returns the ids it held. */
  release(owner: string, outcomes: readonly AuditOutcome[], dueAt: number, at: number): Promise<number[]>;
  /** The claimed subclouds' targets (a deleted one is left out). */
  targets(ids: readonly number[]): Promise<AuditTarget[]>;
  /** Gives unaudited claims back at once, for the next replica (a stopping replica does this). */
  abandon(owner: string): Promise<void>;
  /** The earliest due time of any scheduled subcloud, or null when none is scheduled. */
  earliestDue(): Promise<number | null>;
  /** The schedule row of one subcloud. */
  find(
    subcloudId: number,
  ): Promise<
    | (AuditClaim & {
        readonly leaseOwner: string | null;
        readonly auditedAt: number | null;
        readonly lastError: string | null;
      })
    | null
  >;
  /** How many subclouds are scheduled, and how many are due now. */
  counts(now: number): Promise<{ readonly scheduled: number; readonly due: number }>;
}

/** How many ids one `in (…)` list carries. */
const IDS_PER_QUERY = 900;

export function subcloudAuditRepo(db: Executor, dialect: DialectName): SubcloudAuditRepo {
  return {
    async schedule(subcloudId, dueAt) {
      await db
        .insertInto('subcloud_audits')
        .values({
          subcloud_id: subcloudId,
          due_at: dueAt,
          lease_owner: null,
          lease_until: null,
          failures: 0,
          etag: null,
          report: null,
          audited_at: null,
          last_error: null,
        })
        .onConflict((oc) => oc.column('subcloud_id').doNothing())
        .execute();
    },
    async unschedule(subcloudId) {
      await db.deleteFrom('subcloud_audits').where('subcloud_id', '=', subcloudId).execute();
    },
    async claim(owner, now, leaseUntil, limit) {
      const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
      const result = await sql<{ subcloud_id: number; due_at: number; failures: number; etag: string | null; report: string | null }>`
        update subcloud_audits set lease_owner = ${owner}, lease_until = ${leaseUntil}
        where subcloud_id in (
          select subcloud_id from subcloud_audits
          where due_at <= ${now} and (lease_until is null or lease_until < ${now})
          order by due_at limit ${limit} ${lock})
        returning subcloud_id, due_at, failures, etag, report`.execute(db);
      return result.rows.map((r) => ({
        subcloudId: Number(r.subcloud_id),
        dueAt: Number(r.due_at),
        failures: Number(r.failures),
        etag: r.etag,
        report: r.report,
      }));
    },
    async release(owner, outcomes, dueAt, at) {
      const held: number[] = [];
      // Unchanged, healthy answers (the common case) are handed back in one statement per slice.
      const plain = outcomes.filter(
        (o) => o.failures === 0 && o.report === undefined && o.lastError === null && o.dueAt === undefined,
      );
      const plainSet = new Set(plain);
      const special = outcomes.filter((o) => !plainSet.has(o));
      for (let i = 0; i < plain.length; i += IDS_PER_QUERY) {
        const ids = plain.slice(i, i + IDS_PER_QUERY).map((o) => o.subcloudId);
        const result = await db
          .updateTable('subcloud_audits')
          .set({ due_at: dueAt, lease_owner: null, lease_until: null, failures: 0, audited_at: at, last_error: null })
          .where('subcloud_id', 'in', ids)
          .where('lease_owner', '=', owner)
          .returning('subcloud_id')
          .execute();
        for (const row of result) held.push(Number(row.subcloud_id));
      }
      for (const o of special) {
        const result = await db
          .updateTable('subcloud_audits')
          .set({
            due_at: o.dueAt ?? dueAt,
            lease_owner: null,
            lease_until: null,
            failures: o.failures,
            etag: o.etag,
            audited_at: at,
            last_error: o.lastError,
            ...(o.report !== undefined ? { report: o.report } : {}),
          })
          .where('subcloud_id', '=', o.subcloudId)
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) held.push(o.subcloudId);
      }
      return held;
    },
    async targets(ids) {
      const out: AuditTarget[] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const part = ids.slice(i, i + IDS_PER_QUERY);
        if (part.length === 0) continue;
        const rows = await db
          .selectFrom('subclouds')
          .select([
            'id', 'name', 'url', 'credential', 'management_state', 'availability_status', 'endpoint_sync',
            'alarm_critical', 'alarm_major', 'alarm_minor', 'alarm_warnings', 'software_version',
          ])
          .where('id', 'in', part)
          .execute();
        for (const r of rows) {
          out.push({
            subcloudId: Number(r.id), name: r.name, url: r.url, credential: r.credential,
            managementState: r.management_state, availability: r.availability_status,
            endpointSync: endpointSyncOf(r.endpoint_sync),
            alarms: {
              critical: Number(r.alarm_critical), major: Number(r.alarm_major),
              minor: Number(r.alarm_minor), warnings: Number(r.alarm_warnings),
            },
            softwareVersion: r.software_version,
          });
        }
      }
      return out;
    },
    async abandon(owner) {
      await db.updateTable('subcloud_audits').set({ lease_owner: null, lease_until: null }).where('lease_owner', '=', owner).execute();
    },
    async earliestDue() {
      const row = await db.selectFrom('subcloud_audits').select((eb) => eb.fn.min<number>('due_at').as('due')).executeTakeFirst();
      return row?.due === null || row?.due === undefined ? null : Number(row.due);
    },
    async find(subcloudId) {
      const r = await db.selectFrom('subcloud_audits').selectAll().where('subcloud_id', '=', subcloudId).executeTakeFirst();
      if (!r) return null;
      return {
        subcloudId: Number(r.subcloud_id),
        dueAt: Number(r.due_at),
        failures: Number(r.failures),
        etag: r.etag,
        report: r.report,
        leaseOwner: r.lease_owner,
        auditedAt: r.audited_at === null ? null : Number(r.audited_at),
        lastError: r.last_error,
      };
    },
    async counts(now) {
      const row = await db
        .selectFrom('subcloud_audits')
        .select([
          (eb) => eb.fn.countAll<number>().as('scheduled'),
          sql<number>`sum(case when due_at <= ${now} then 1 else 0 end)`.as('due'),
        ])
        .executeTakeFirstOrThrow();
      return { scheduled: Number(row.scheduled), due: Number(row.due ?? 0) };
    },
  };
}
