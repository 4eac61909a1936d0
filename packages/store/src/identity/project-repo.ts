import type { ProjectRecord } from '@murmuration/core/identity';
import type { Selectable, Updateable } from 'kysely';
import type { ProjectTable } from './identity-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

function toRecord(row: Selectable<ProjectTable>): ProjectRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: fromFlag(row.enabled),
    tags: JSON.parse(row.tags) as string[],
    createdAt: Number(row.created_at),
  };
}

export type ProjectChanges = Partial<Pick<ProjectRecord, 'name' | 'description' | 'enabled' | 'tags'>>;

/** Projects (Keystone tenants) that scope tokens and role assignments. */
export interface ProjectRepo {
  findById(id: string): Promise<ProjectRecord | null>;
  findByName(name: string): Promise<ProjectRecord | null>;
  list(filter: { name?: string | undefined; enabled?: boolean | undefined }): Promise<ProjectRecord[]>;
  insert(project: ProjectRecord): Promise<void>;
  update(id: string, changes: ProjectChanges): Promise<ProjectRecord | null>;
  delete(id: string): Promise<boolean>;
}

export function projectRepo(db: Executor): ProjectRepo {
  return {
    async findById(id) {
      const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async findByName(name) {
      const row = await db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async list(filter) {
      let query = db.selectFrom('projects').selectAll().orderBy('name');
      if (filter.name !== undefined) query = query.where('name', '=', filter.name);
      if (filter.enabled !== undefined) query = query.where('enabled', '=', toFlag(filter.enabled));
      return (await query.execute()).map(toRecord);
    },
    async insert(project) {
      await db
        .insertInto('projects')
        .values({
          id: project.id,
          name: project.name,
          description: project.description,
          enabled: toFlag(project.enabled),
          tags: JSON.stringify(project.tags),
          created_at: project.createdAt,
        })
        .execute();
    },
    async update(id, changes) {
      const set: Updateable<ProjectTable> = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.enabled !== undefined) set.enabled = toFlag(changes.enabled);
      if (changes.tags !== undefined) set.tags = JSON.stringify(changes.tags);
      if (Object.keys(set).length === 0) return this.findById(id);
      const row = await db.updateTable('projects').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async delete(id) {
      const result = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
