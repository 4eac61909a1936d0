import { conflict, notFound, type Clock, type RequestContext, requireDisplayableName } from '@murmuration/core/common';
import { BUILTIN_ROLES, type RoleAssignment, type RoleRecord } from '@murmuration/core/identity';
import type { AssignmentFilter, IdentityRepos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { TokenInvalidation } from './token-invalidation.js';
import { newKeystoneId } from './token-secret.js';

/** Roles and who holds them where. */
export interface RoleDirectory {
  list(filter: { name?: string | undefined }): Promise<RoleRecord[]>;
  get(id: string): Promise<RoleRecord>;
  create(ctx: RequestContext, input: { name: string; description?: string | undefined }): Promise<RoleRecord>;
  update(
    ctx: RequestContext,
    id: string,
    changes: { name?: string | undefined; description?: string | undefined },
  ): Promise<RoleRecord>;
  delete(ctx: RequestContext, id: string): Promise<void>;
  grant(ctx: RequestContext, assignment: RoleAssignment): Promise<void>;
  revoke(ctx: RequestContext, assignment: RoleAssignment): Promise<void>;
  /** Throws NOT_FOUND unless the user holds the role on the project. */
  check(assignment: RoleAssignment): Promise<void>;
  assignments(filter: AssignmentFilter): Promise<RoleAssignment[]>;
  rolesOf(userId: string, projectId: string): Promise<RoleRecord[]>;
}

const isBuiltin = (name: string): boolean => (BUILTIN_ROLES as readonly string[]).includes(name);

export function createRoleDirectory(deps: {
  store: Store<IdentityRepos>;
  audit: AuditService;
  clock: Clock;
  invalidation: TokenInvalidation;
}): RoleDirectory {
  const { store, audit, clock, invalidation } = deps;
  const repos = store.repos;

  async function get(id: string): Promise<RoleRecord> {
    const role = await repos.roles.findById(id);
    if (!role) throw notFound(`Could not find role: ${id}.`, { role: id });
    return role;
  }

  async function nameIsFree(name: string, exceptId: string | null): Promise<void> {
    requireDisplayableName(name);
    const other = await repos.roles.findByName(name);
    if (other && other.id !== exceptId) throw conflict(`Conflict occurred attempting to store role - Duplicate entry found with name ${name}.`, { field: 'name' });
  }

  /** Checks that the three parts of an assignment exist, naming the first that does not. */
  async function requireParts(a: RoleAssignment): Promise<RoleRecord> {
    if (!(await repos.projects.findById(a.projectId))) throw notFound(`Could not find project: ${a.projectId}.`);
    if (!(await repos.users.findById(a.userId))) throw notFound(`Could not find user: ${a.userId}.`);
    return get(a.roleId);
  }

  const target = (a: RoleAssignment) => `assignment:${a.projectId}/${a.userId}/${a.roleId}`;

  return {
    list: (filter) => repos.roles.list(filter),
    get,
    async create(ctx, input) {
      await nameIsFree(input.name, null);
      const role: RoleRecord = {
        id: newKeystoneId(),
        name: input.name,
        description: input.description ?? null,
        createdAt: clock.now(),
      };
      await audit.change(ctx, { target: `role:${role.id}`, detail: `role ${role.name} created` }, (tx) => tx.roles.insert(role));
      return role;
    },
    async update(ctx, id, changes) {
      const role = await get(id);
      if (changes.name !== undefined && changes.name !== role.name) {
        if (isBuiltin(role.name)) throw conflict(`The built-in role ${role.name} cannot be renamed.`, { field: 'name' });
        await nameIsFree(changes.name, id);
      }
      const updated = await audit.change(ctx, { target: `role:${id}`, detail: `role ${role.name} updated` }, async (tx) => {
        const row = await tx.roles.update(id, changes);
        if (!row) throw notFound(`Could not find role: ${id}.`);
        // Cached callers carry their roles' names.
        await invalidation.all(tx);
        return row;
      });
      return updated;
    },
    async delete(ctx, id) {
      const role = await get(id);
      if (isBuiltin(role.name)) throw conflict(`The built-in role ${role.name} cannot be deleted.`);
      await audit.change(ctx, { target: `role:${id}`, detail: `role ${role.name} deleted` }, async (tx) => {
        await tx.roles.delete(id);
        await invalidation.all(tx);
      });
    },
    async grant(ctx, a) {
      const role = await requireParts(a);
      await audit.change(ctx, { target: target(a), detail: `role ${role.name} granted` }, async (tx) => {
        await tx.assignments.add(a);
        await invalidation.user(tx, a.userId);
      });
    },
    async revoke(ctx, a) {
      const role = await requireParts(a);
      if (!(await repos.assignments.exists(a))) throw notFound('Could not find role assignment.');
      if (role.name === 'admin' && ctx.actor?.userId === a.userId && ctx.actor.projectId === a.projectId) {
        throw conflict('You cannot remove your own admin role from the project your token is scoped to.');
      }
      await audit.change(ctx, { target: target(a), detail: `role ${role.name} revoked` }, async (tx) => {
        await tx.assignments.remove(a);
        await invalidation.user(tx, a.userId);
      });
    },
    async check(a) {
      await requireParts(a);
      if (!(await repos.assignments.exists(a))) throw notFound('Could not find role assignment.');
    },
    assignments: (filter) => repos.assignments.list(filter),
    rolesOf: (userId, projectId) => repos.assignments.rolesOf(userId, projectId),
  };
}
