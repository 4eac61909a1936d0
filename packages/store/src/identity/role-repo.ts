import type { RoleRecord } from '@murmuration/core/identity';
import type { Selectable } from 'kysely';
import type { RoleTable } from './identity-tables.js';
import type { Executor } from '../repos/executor.js';

function toRecord(row: Selectable<RoleTable>): RoleRecord {
  return { id: row.id, name: row.name, description: row.description, createdAt: Number(row.created_at) };
}

/** Role definitions. */
export interface RoleRepo {
  findById(id: string): Promise<RoleRecord | null>;
  findByName(name: string): Promise<RoleRecord | null>;
  list(filter: { name?: string | undefined }): Promise<RoleRecord[]>;
  insert(role: RoleRecord): Promise<void>;
  update(id: string, changes: Partial<Pick<RoleRecord, 'name' | 'description'>>): Promise<RoleRecord | null>;
  delete(id: string): Promise<boolean>;
}

export function roleRepo(db: Executor): RoleRepo {
  return {
    async findById(id) {
      const row = await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async findByName(name) {
      const row = await db.selectFrom('roles').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async list(filter) {
      let query = db.selectFrom('roles').selectAll().orderBy('name');
      if (filter.name !== undefined) query = query.where('name', '=', filter.name);
      return (await query.execute()).map(toRecord);
    },
    async insert(role) {
      await db.insertInto('roles').values({ id: role.id, name: role.name, description: role.description, created_at: role.createdAt }).execute();
    },
    async update(id, changes) {
      const set: { name?: string; description?: string | null } = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.description !== undefined) set.description = changes.description;
      if (Object.keys(set).length === 0) return this.findById(id);
      const row = await db.updateTable('roles').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async delete(id) {
      const result = await db.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
