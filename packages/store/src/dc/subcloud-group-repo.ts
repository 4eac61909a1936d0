import type { SubcloudGroupRecord, UpdateApplyType } from '@murmuration/core/dc';
import type { Selectable } from 'kysely';
import type { Executor } from '../repos/executor.js';
import type { SubcloudGroupTable } from './dc-tables.js';

export type SubcloudGroupChanges = Partial<Pick<SubcloudGroupRecord, 'name' | 'description' | 'updateApplyType' | 'maxParallelSubclouds'>>;

/** Subcloud groups: how their subclouds are updated together. */
export interface SubcloudGroupRepo {
  list(): Promise<SubcloudGroupRecord[]>;
  findById(id: number): Promise<SubcloudGroupRecord | null>;
  findByName(name: string): Promise<SubcloudGroupRecord | null>;
  insert(group: Omit<SubcloudGroupRecord, 'id' | 'createdAt' | 'updatedAt'>, at: number): Promise<SubcloudGroupRecord>;
  update(id: number, changes: SubcloudGroupChanges, at: number): Promise<SubcloudGroupRecord | null>;
  remove(id: number): Promise<boolean>;
}

function toRecord(row: Selectable<SubcloudGroupTable>): SubcloudGroupRecord {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    updateApplyType: row.update_apply_type as UpdateApplyType,
    maxParallelSubclouds: Number(row.max_parallel_subclouds),
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

export function subcloudGroupRepo(db: Executor): SubcloudGroupRepo {
  const select = () => db.selectFrom('subcloud_groups').selectAll();
  return {
    async list() {
      return (await select().orderBy('id').execute()).map(toRecord);
    },
    async findById(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async findByName(name) {
      const row = await select().where('name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async insert(group, at) {
      const row = await db
        .insertInto('subcloud_groups')
        .values({
          name: group.name, description: group.description, update_apply_type: group.updateApplyType,
          max_parallel_subclouds: group.maxParallelSubclouds, created_at: at, updated_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async update(id, changes, at) {
      const row = await db
        .updateTable('subcloud_groups')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.updateApplyType !== undefined ? { update_apply_type: changes.updateApplyType } : {}),
          ...(changes.maxParallelSubclouds !== undefined
            ? { max_parallel_subclouds: changes.maxParallelSubclouds }
            : {}),
          updated_at: at,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async remove(id) {
      return Number((await db.deleteFrom('subcloud_groups').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
    },
  };
}
