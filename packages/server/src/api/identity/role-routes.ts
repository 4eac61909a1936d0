import { queryFlag } from '@murmuration/core/common';
import { KeystoneIdPattern } from '@murmuration/core/contract/common';
import {
  RoleAssignmentList, RoleAssignmentQuery, RoleCreateBody, RoleList, RoleListQuery, RoleResponse, RoleUpdateBody,
  RoleIdParam,
} from '@murmuration/core/contract/identity';
import Type from 'typebox';
import type { IdentityService } from '../../services/identity/index.js';
import { NoContent, hostUrl, type Api } from '../api-types.js';
import { assignmentView, listLinks, roleView } from './keystone-views.js';

const Id = Type.String({ pattern: KeystoneIdPattern });
const AssignmentParams = Type.Object({ project_id: Id, user_id: Id, role_id: Id });
const UserOnProjectParams = Type.Object({ project_id: Id, user_id: Id });
const tags = ['identity'];
const base = (request: Parameters<typeof hostUrl>[0]) => `${hostUrl(request)}/identity/v3`;
const ASSIGNMENT_URL = '/v3/projects/:project_id/users/:user_id/roles/:role_id';

/** Keystone roles and role assignments. */
export function roleRoutes(app: Api, deps: { identity: IdentityService }): void {
  const { roles, users, projects } = deps.identity;

  app.get('/v3/roles', { schema: { tags, summary: 'List roles', querystring: RoleListQuery, response: { 200: RoleList } } }, async (request) => {
    const list = await roles.list({ name: request.query.name });
    return { roles: list.map((r) => roleView(r, base(request))), links: listLinks(`${base(request)}/roles`) };
  });

  app.post(
    '/v3/roles',
    { config: { status: 201 }, schema: { tags, summary: 'Create a role', body: RoleCreateBody, response: { 201: RoleResponse } } },
    async (request, reply) => {
      const role = await roles.create(request.ctx, {
        name: request.body.role.name,
        description: request.body.role.description,
      });
      return reply.code(201).send({ role: roleView(role, base(request)) });
    },
  );

  app.get('/v3/roles/:role_id', { schema: { tags, summary: 'Show a role', params: RoleIdParam, response: { 200: RoleResponse } } }, async (request) => ({
    role: roleView(await roles.get(request.params.role_id), base(request)),
  }));

  app.patch(
    '/v3/roles/:role_id',
    { schema: { tags, summary: 'Update a role', params: RoleIdParam, body: RoleUpdateBody, response: { 200: RoleResponse } } },
    async (request) => {
      const role = await roles.update(request.ctx, request.params.role_id, {
        name: request.body.role.name,
        description: request.body.role.description,
      });
      return { role: roleView(role, base(request)) };
    },
  );

  app.delete(
    '/v3/roles/:role_id',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a role', params: RoleIdParam, response: NoContent } },
    async (request, reply) => {
      await roles.delete(request.ctx, request.params.role_id);
      return reply.code(204).send();
    },
  );

  const assignment = (p: { project_id: string; user_id: string; role_id: string }) => ({
    projectId: p.project_id,
    userId: p.user_id,
    roleId: p.role_id,
  });

  app.put(ASSIGNMENT_URL, { config: { status: 204 }, schema: { tags, summary: 'Grant a role on a project', params: AssignmentParams, response: NoContent } }, async (request, reply) => {
    await roles.grant(request.ctx, assignment(request.params));
    return reply.code(204).send();
  });

  app.get(ASSIGNMENT_URL, { schema: { tags, summary: 'Check a role assignment (204 or 404)', params: AssignmentParams, response: NoContent } }, async (request, reply) => {
    await roles.check(assignment(request.params));
    return reply.code(204).send();
  });

  app.delete(ASSIGNMENT_URL, { config: { status: 204 }, schema: { tags, summary: 'Revoke a role on a project', params: AssignmentParams, response: NoContent } }, async (request, reply) => {
    await roles.revoke(request.ctx, assignment(request.params));
    return reply.code(204).send();
  });

  app.get(
    '/v3/projects/:project_id/users/:user_id/roles',
    { schema: { tags, summary: 'Roles of a user on a project', params: UserOnProjectParams, response: { 200: RoleList } } },
    async (request) => {
      await projects.get(request.params.project_id);
      await users.get(request.params.user_id);
      const list = await roles.rolesOf(request.params.user_id, request.params.project_id);
      return { roles: list.map((r) => roleView(r, base(request))), links: listLinks(`${base(request)}/projects/${request.params.project_id}/users/${request.params.user_id}/roles`) };
    },
  );

  app.get(
    '/v3/role_assignments',
    { schema: { tags, summary: 'List role assignments', querystring: RoleAssignmentQuery, response: { 200: RoleAssignmentList } } },
    async (request) => {
      const q = request.query;
      const list = await roles.assignments({ userId: q['user.id'], projectId: q['scope.project.id'], roleId: q['role.id'] });
      let names: Map<string, string> | null = null;
      if (queryFlag(q.include_names) === true) {
        const [u, p, r] = await Promise.all([users.list({}), projects.list({}), roles.list({})]);
        names = new Map([...u, ...p, ...r].map((x) => [x.id, x.name]));
      }
      const nameOf = (id: string) => names?.get(id);
      return {
        role_assignments: list.map((a) =>
          assignmentView(a, base(request), names ? { user: nameOf(a.userId) ?? '', project: nameOf(a.projectId) ?? '', role: nameOf(a.roleId) ?? '' } : undefined),
        ),
        links: listLinks(`${base(request)}/role_assignments`),
      };
    },
  );
}
