import { queryFlag } from '@murmuration/core/common';
import {
  ProjectIdParam, ProjectCreateBody, ProjectList, ProjectListQuery, ProjectResponse, ProjectUpdateBody,
} from '@murmuration/core/contract/identity';
import type { IdentityService } from '../../services/identity/index.js';
import { NoContent, hostUrl, type Api } from '../api-types.js';
import { listLinks, projectView } from './keystone-views.js';

const tags = ['identity'];
const base = (request: Parameters<typeof hostUrl>[0]) => `${hostUrl(request)}/identity/v3`;

/** Keystone projects under /identity/v3/projects. */
export function projectRoutes(app: Api, deps: { identity: IdentityService }): void {
  const { projects } = deps.identity;

  app.get('/v3/projects', { schema: { tags, summary: 'List projects', querystring: ProjectListQuery, response: { 200: ProjectList } } }, async (request) => {
    const list = await projects.list({ name: request.query.name, enabled: queryFlag(request.query.enabled) });
    return { projects: list.map((p) => projectView(p, base(request))), links: listLinks(`${base(request)}/projects`) };
  });

  app.post(
    '/v3/projects',
    { config: { status: 201 }, schema: { tags, summary: 'Create a project', body: ProjectCreateBody, response: { 201: ProjectResponse } } },
    async (request, reply) => {
      const input = request.body.project;
      const project = await projects.create(request.ctx, {
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        tags: input.tags,
      });
      return reply.code(201).send({ project: projectView(project, base(request)) });
    },
  );

  app.get('/v3/projects/:project_id', { schema: { tags, summary: 'Show a project', params: ProjectIdParam, response: { 200: ProjectResponse } } }, async (request) => ({
    project: projectView(await projects.get(request.params.project_id), base(request)),
  }));

  app.patch(
    '/v3/projects/:project_id',
    { schema: { tags, summary: 'Update a project', params: ProjectIdParam, body: ProjectUpdateBody, response: { 200: ProjectResponse } } },
    async (request) => {
      const input = request.body.project;
      const project = await projects.update(request.ctx, request.params.project_id, {
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        tags: input.tags,
      });
      return { project: projectView(project, base(request)) };
    },
  );

  app.delete(
    '/v3/projects/:project_id',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a project', params: ProjectIdParam, response: NoContent } },
    async (request, reply) => {
      await projects.delete(request.ctx, request.params.project_id);
      return reply.code(204).send();
    },
  );
}
