import type { SwUpdateOptions, SwUpdateOptionsRecord } from '@murmuration/core/dc';
import type { Selectable } from 'kysely';
import type { Executor } from '../repos/executor.js';
import type { SwUpdateOptionsTable } from './fleet-tables.js';

/** The options a subcloud's own strategy is made with: one row per subcloud that has its own, and the defaults. */
export interface SwUpdateOptionsRepo {
  /** A subcloud's (null: the defaults' row), or null when none is stored. */
  find(subcloudId: number | null): Promise<SwUpdateOptionsRecord | null>;
  /** Every subcloud's own, by subcloud id (the defaults left out). */
  listSubclouds(): Promise<SwUpdateOptionsRecord[]>;
  /** Writes a subcloud's (or the defaults'), made or replaced. */
  put(subcloudId: number | null, options: SwUpdateOptions, at: number): Promise<SwUpdateOptionsRecord>;
  remove(subcloudId: number | null): Promise<boolean>;
}

function toRecord(row: Selectable<SwUpdateOptionsTable>): SwUpdateOptionsRecord {
  return {
    id: Number(row.id),
    subcloudId: row.subcloud_id === null ? null : Number(row.subcloud_id),
    storageApplyType: row.storage_apply_type,
    workerApplyType: row.worker_apply_type,
    maxParallelWorkers: Number(row.max_parallel_workers),
    alarmRestrictionType: row.alarm_restriction_type,
    defaultInstanceAction: row.default_instance_action,
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

export function swUpdateOptionsRepo(db: Executor): SwUpdateOptionsRepo {
  const select = (subcloudId: number | null) => {
    const q = db.selectFrom('sw_update_options').selectAll();
    return subcloudId === null ? q.where('subcloud_id', 'is', null) : q.where('subcloud_id', '=', subcloudId);
  };
  return {
    async find(subcloudId) {
      const row = await select(subcloudId).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async listSubclouds() {
      const rows = await db.selectFrom('sw_update_options').selectAll().where('subcloud_id', 'is not', null).orderBy('subcloud_id').execute();
      return rows.map(toRecord);
    },
    async put(subcloudId, options, at) {
      const values = {
        storage_apply_type: options.storageApplyType, worker_apply_type: options.workerApplyType,
        max_parallel_workers: options.maxParallelWorkers, alarm_restriction_type: options.alarmRestrictionType,
        default_instance_action: options.defaultInstanceAction,
      };
      const held = await select(subcloudId).select('id').executeTakeFirst();
      const row = held
        ? await db.updateTable('sw_update_options').set({ ...values, updated_at: at }).where('id', '=', held.id).returningAll().executeTakeFirstOrThrow()
        : await db.insertInto('sw_update_options').values({ ...values, subcloud_id: subcloudId, created_at: at, updated_at: null }).returningAll().executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async remove(subcloudId) {
      const q = db.deleteFrom('sw_update_options');
      const result = await (subcloudId === null ? q.where('subcloud_id', 'is', null) : q.where('subcloud_id', '=', subcloudId)).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
