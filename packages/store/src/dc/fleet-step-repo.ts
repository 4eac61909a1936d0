import type {
  FleetPhaseCounts, FleetStepChanges, FleetStepPhase, FleetStepRecord,
} from '@murmuration/core/dc';
import type { Selectable, Updateable } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { CompiledQuery } from 'kysely';
import { BULK_CHUNK, bulkInsert } from '../repos/bulk-insert.js';
import type { Executor } from '../repos/executor.js';
import type { FleetStrategyStepTable } from './fleet-tables.js';

/** A step as a new strategy records it: its subcloud, its place, not started. */
export type NewFleetStep = Pick<FleetStepRecord, 'strategyUuid' | 'subcloudId' | 'subcloudName' | 'position'>;

export interface FleetStepPage {
  /** Only steps at or after this position. */
  readonly fromPosition?: number;
  /** Only steps before this position. */
  readonly toPosition?: number;
  readonly limit?: number;
}

/** The changes of one step's row, and when they were made. */
export interface FleetStepUpdate {
  readonly subcloudId: number;
  readonly changes: FleetStepChanges;
  readonly at: number;
}

/** A count of a strategy's steps by state and phase. */
export interface FleetStateCount {
  readonly state: FleetStepRecord['state'];
  readonly phase: FleetStepPhase;
  readonly count: number;
}

/** The steps of the fleet strategies: one row per subcloud, each transition one statement. */
export interface FleetStepRepo {
  /** Records a new strategy's steps at stage 1, `initial`, waiting. */
  insertMany(steps: readonly NewFleetStep[], at: number): Promise<void>;
  /** Steps of a strategy in order (a range of positions, a page). */
  list(strategyUuid: string, page?: FleetStepPage): Promise<FleetStepRecord[]>;
  findByName(strategyUuid: string, subcloudName: string): Promise<FleetStepRecord | null>;
  update(strategyUuid: string, subcloudId: number, changes: FleetStepChanges, at: number): Promise<void>;
  /**
   * The changes of many rows (one entry per row): on PostgreSQL one statement for the rows that change the same
   * columns, on SQLite (in-process, where a statement costs no round trip) one each.
   */
  updateMany(strategyUuid: string, updates: readonly FleetStepUpdate[]): Promise<void>;
  /** Aborts every step not started (waiting or deferred), as an abort does; returns how many. */
  abortNotStarted(strategyUuid: string, at: number): Promise<number>;
  countByPhase(strategyUuid: string): Promise<FleetPhaseCounts>;
  countByState(strategyUuid: string): Promise<FleetStateCount[]>;
  /** Forgets a strategy's steps. */
  removeAll(strategyUuid: string): Promise<void>;
  /** The managed subclouds a new strategy works on, in id order: a group's, or the whole fleet's. */
  managedSubclouds(groupId: number | null): Promise<Array<{ readonly id: number; readonly name: string }>>;
}

const PHASES: readonly FleetStepPhase[] = ['waiting', 'running', 'deferred', 'complete', 'failed', 'aborted'];

function toRecord(row: Selectable<FleetStrategyStepTable>): FleetStepRecord {
  const time = (v: number | null) => (v === null ? null : Number(v));
  return {
    strategyUuid: row.strategy_uuid,
    subcloudId: Number(row.subcloud_id),
    subcloudName: row.subcloud_name,
    position: Number(row.position),
    stage: Number(row.stage) as FleetStepRecord['stage'],
    state: row.state,
    phase: row.phase,
    details: row.details,
    deferrals: Number(row.deferrals),
    notBefore: time(row.not_before),
    startedAt: time(row.started_at),
    finishedAt: time(row.finished_at),
    vimStrategyUuid: row.vim_strategy_uuid,
    createdAt: Number(row.created_at),
    updatedAt: time(row.updated_at),
  };
}

function columnsOf(changes: FleetStepChanges): Updateable<FleetStrategyStepTable> {
  const c: Updateable<FleetStrategyStepTable> = {};
  if (changes.stage !== undefined) c.stage = changes.stage;
  if (changes.state !== undefined) c.state = changes.state;
  if (changes.phase !== undefined) c.phase = changes.phase;
  if (changes.details !== undefined) c.details = changes.details;
  if (changes.deferrals !== undefined) c.deferrals = changes.deferrals;
  if (changes.notBefore !== undefined) c.not_before = changes.notBefore;
  if (changes.startedAt !== undefined) c.started_at = changes.startedAt;
  if (changes.finishedAt !== undefined) c.finished_at = changes.finishedAt;
  if (changes.vimStrategyUuid !== undefined) c.vim_strategy_uuid = changes.vimStrategyUuid;
  return c;
}

/** PostgreSQL's types of the columns a step's changes set, as the values of one statement are cast to. */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  stage: 'integer', state: 'text', phase: 'text', details: 'text', deferrals: 'integer', not_before: 'bigint',
  started_at: 'bigint', finished_at: 'bigint', vim_strategy_uuid: 'text',
};

/** One PostgreSQL statement that sets `columns` on each of `rows` rows of a strategy, from a list of values. */
function updateFromValues(columns: readonly string[], rows: number): string {
  let n = 1;
  const tuple = () => `($${++n}::integer, $${++n}::bigint${columns.map((c) => `, $${++n}::${COLUMN_TYPES[c]!}`).join('')})`;
  const values = Array.from({ length: rows }, tuple).join(', ');
  const set = [...columns, 'updated_at'].map((c) => `"${c}" = v."${c}"`).join(', ');
  const names = ['subcloud_id', 'updated_at', ...columns].map((c) => `"${c}"`).join(', ');
  return `update "fleet_strategy_steps" as f set ${set} from (values ${values}) as v(${names}) `
    + `where f."strategy_uuid" = $1 and f."subcloud_id" = v."subcloud_id"`;
}

export function fleetStepRepo(db: Executor, dialect: DialectName): FleetStepRepo {
  const of = (uuid: string) => db.selectFrom('fleet_strategy_steps').where('strategy_uuid', '=', uuid);
  const update: FleetStepRepo['update'] = async (strategyUuid, subcloudId, changes, at) => {
    await db
      .updateTable('fleet_strategy_steps')
      .set({ ...columnsOf(changes), updated_at: at })
      .where('strategy_uuid', '=', strategyUuid)
      .where('subcloud_id', '=', subcloudId)
      .execute();
  };
  return {
    async insertMany(steps, at) {
      const rows = steps.map((s) => ({
        strategy_uuid: s.strategyUuid, subcloud_id: s.subcloudId, subcloud_name: s.subcloudName, position: s.position,
        stage: 1, state: 'initial', phase: 'waiting', details: '', deferrals: 0, created_at: at,
      }));
      await bulkInsert(db, dialect, 'fleet_strategy_steps', [
        'strategy_uuid', 'subcloud_id', 'subcloud_name', 'position', 'stage', 'state', 'phase', 'details', 'deferrals',
        'created_at',
      ], rows);
    },
    async list(strategyUuid, page = {}) {
      let q = of(strategyUuid).selectAll().orderBy('position');
      if (page.fromPosition !== undefined) q = q.where('position', '>=', page.fromPosition);
      if (page.toPosition !== undefined) q = q.where('position', '<', page.toPosition);
      if (page.limit !== undefined) q = q.limit(page.limit);
      return (await q.execute()).map(toRecord);
    },
    async findByName(strategyUuid, subcloudName) {
      const row = await of(strategyUuid).selectAll().where('subcloud_name', '=', subcloudName).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    update,
    async updateMany(strategyUuid, updates) {
      if (dialect === 'sqlite') {
        for (const u of updates) await update(strategyUuid, u.subcloudId, u.changes, u.at);
        return;
      }
      const byColumns = new Map<string, Array<{ update: FleetStepUpdate; columns: Record<string, unknown> }>>();
      for (const update of updates) {
        const columns = columnsOf(update.changes) as Record<string, unknown>;
        const key = Object.keys(columns).sort().join(',');
        let group = byColumns.get(key);
        if (!group) byColumns.set(key, (group = []));
        group.push({ update, columns });
      }
      for (const [key, group] of byColumns) {
        const names = key === '' ? [] : key.split(',');
        for (let i = 0; i < group.length; i += BULK_CHUNK) {
          const part = group.slice(i, i + BULK_CHUNK);
          const params: unknown[] = [strategyUuid];
          for (const { update: u, columns } of part) params.push(u.subcloudId, u.at, ...names.map((c) => columns[c]));
          await db.executeQuery(CompiledQuery.raw(updateFromValues(names, part.length), params));
        }
      }
    },
    async abortNotStarted(strategyUuid, at) {
      const result = await db
        .updateTable('fleet_strategy_steps')
        .set({ phase: 'aborted', state: 'aborted', not_before: null, finished_at: at, updated_at: at })
        .where('strategy_uuid', '=', strategyUuid)
        .where('phase', 'in', ['waiting', 'deferred'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async countByPhase(strategyUuid) {
      const rows = await of(strategyUuid)
        .select(['phase', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('phase')
        .execute();
      const counts = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<FleetStepPhase, number>;
      for (const r of rows) counts[r.phase] = Number(r.n);
      return counts;
    },
    async countByState(strategyUuid) {
      const rows = await of(strategyUuid)
        .select(['state', 'phase', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['state', 'phase'])
        .execute();
      return rows.map((r) => ({ state: r.state, phase: r.phase, count: Number(r.n) }));
    },
    async removeAll(strategyUuid) {
      await db.deleteFrom('fleet_strategy_steps').where('strategy_uuid', '=', strategyUuid).execute();
    },
    async managedSubclouds(groupId) {
      let q = db.selectFrom('subclouds').select(['id', 'name']).where('management_state', '=', 'managed').orderBy('id');
      if (groupId !== null) q = q.where('group_id', '=', groupId);
      return (await q.execute()).map((r) => ({ id: Number(r.id), name: r.name }));
    },
  };
}
