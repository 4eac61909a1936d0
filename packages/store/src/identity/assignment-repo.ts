import type { RoleAssignment, RoleRecord } from '@murmuration/core/identity';
import type { Executor } from '../repos/executor.js';

export interface AssignmentFilter {
  readonly userId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly roleId?: string | undefined;
}

/** Which user holds which role on which project. */
export interface AssignmentRepo {
  /** Adds the assignment; returns false when it already existed. */
  add(assignment: RoleAssignment): Promise<boolean>;
  remove(assignment: RoleAssignment): Promise<boolean>;
  exists(assignment: RoleAssignment): Promise<boolean>;
  list(filter: AssignmentFilter): Promise<RoleAssignment[]>;
  rolesOf(userId: string, projectId: string): Promise<RoleRecord[]>;
}

export function assignmentRepo(db: Executor): AssignmentRepo {
  const match = (a: RoleAssignment) =>
    db.selectFrom('role_assignments').where('user_id', '=', a.userId).where('project_id', '=', a.projectId).where('role_id', '=', a.roleId);
  return {
    async add(a) {
      const result = await db
        .insertInto('role_assignments')
        .values({ user_id: a.userId, project_id: a.projectId, role_id: a.roleId })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async remove(a) {
      const result = await db
        .deleteFrom('role_assignments')
        .where('user_id', '=', a.userId)
        .where('project_id', '=', a.projectId)
        .where('role_id', '=', a.roleId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async exists(a) {
      return (await match(a).select('role_id').executeTakeFirst()) !== undefined;
    },
    async list(filter) {
      let query = db.selectFrom('role_assignments').selectAll().orderBy('user_id').orderBy('project_id').orderBy('role_id');
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
      if (filter.roleId !== undefined) query = query.where('role_id', '=', filter.roleId);
      return (await query.execute()).map((r) => ({ userId: r.user_id, projectId: r.project_id, roleId: r.role_id }));
    },
    async rolesOf(userId, projectId) {
      const rows = await db
        .selectFrom('role_assignments')
        .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
        .select(['roles.id', 'roles.name', 'roles.description', 'roles.created_at'])
        .where('role_assignments.user_id', '=', userId)
        .where('role_assignments.project_id', '=', projectId)
        .orderBy('roles.name')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, createdAt: Number(r.created_at) }));
    },
  };
}
