import { AppError, queryFlag } from '@murmuration/core/common';
import {
  UserIdParam, PasswordChangeBody, ProjectList, UserCreateBody, UserList, UserListQuery, UserResponse, UserUpdateBody,
} from '@murmuration/core/contract/identity';
import type { IdentityService } from '../../services/identity/index.js';
import { NoContent, hostUrl, type Api } from '../api-types.js';
import { listLinks, projectView, userView } from './keystone-views.js';

const tags = ['identity'];
const base = (request: Parameters<typeof hostUrl>[0]) => `${hostUrl(request)}/identity/v3`;

/** Keystone users under /identity/v3/users. */
export function userRoutes(app: Api, deps: { identity: IdentityService }): void {
  const { users } = deps.identity;

  app.get('/v3/users', { schema: { tags, summary: 'List users', querystring: UserListQuery, response: { 200: UserList } } }, async (request) => {
    const list = await users.list({ name: request.query.name, enabled: queryFlag(request.query.enabled) });
    return { users: list.map((u) => userView(u, base(request))), links: listLinks(`${base(request)}/users`) };
  });

  app.post(
    '/v3/users',
    { config: { status: 201 }, schema: { tags, summary: 'Create a user', body: UserCreateBody, response: { 201: UserResponse } } },
    async (request, reply) => {
      const input = request.body.user;
      const user = await users.create(request.ctx, {
        name: input.name,
        password: input.password,
        enabled: input.enabled,
        defaultProjectId: input.default_project_id,
        description: input.description,
        email: input.email,
      });
      return reply.code(201).send({ user: userView(user, base(request)) });
    },
  );

  app.get('/v3/users/:user_id', { schema: { tags, summary: 'Show a user', params: UserIdParam, response: { 200: UserResponse } } }, async (request) => ({
    user: userView(await users.get(request.params.user_id), base(request)),
  }));

  app.patch(
    '/v3/users/:user_id',
    { schema: { tags, summary: 'Update a user (name, password, enabled, ...)', params: UserIdParam, body: UserUpdateBody, response: { 200: UserResponse } } },
    async (request) => {
      const input = request.body.user;
      const user = await users.update(request.ctx, request.params.user_id, {
        name: input.name,
        password: input.password,
        enabled: input.enabled,
        defaultProjectId: input.default_project_id,
        description: input.description,
        email: input.email,
      });
      return { user: userView(user, base(request)) };
    },
  );

  app.delete(
    '/v3/users/:user_id',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a user', params: UserIdParam, response: NoContent } },
    async (request, reply) => {
      await users.delete(request.ctx, request.params.user_id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v3/users/:user_id/password',
    {
      config: { access: 'public', status: 204 },
      schema: { tags, summary: 'Change your own password (proves the current one)', params: UserIdParam, body: PasswordChangeBody, response: NoContent },
    },
    async (request, reply) => {
      const { password, original_password } = request.body.user;
      await users.changeOwnPassword(request.ctx, request.params.user_id, original_password, password);
      return reply.code(204).send();
    },
  );

  app.get(
    '/v3/users/:user_id/projects',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Projects the user holds a role on (admins, or the user)', params: UserIdParam, response: { 200: ProjectList } } },
    async (request) => {
      const actor = request.ctx.actor!;
      if (actor.userId !== request.params.user_id && !actor.roles.includes('admin')) {
        throw new AppError('FORBIDDEN', 'You are not authorized to list the projects of another user.');
      }
      const projects = await users.projectsOf(request.params.user_id);
      return { projects: projects.map((p) => projectView(p, base(request))), links: listLinks(`${base(request)}/users/${request.params.user_id}/projects`) };
    },
  );
}
