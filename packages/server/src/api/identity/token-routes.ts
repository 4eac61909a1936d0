import { queryFlag } from '@murmuration/core/common';
import { QueryFlag } from '@murmuration/core/contract/common';
import { AuthRequest, CatalogEntryObject, ProjectList, TokenBody } from '@murmuration/core/contract/identity';
import type { CatalogEntry } from '@murmuration/core/identity';
import Type from 'typebox';
import type { IdentityService } from '../../services/identity/index.js';
import { NoContent, hostUrl, type Api } from '../api-types.js';
import { listLinks, projectView, tokenBody } from './keystone-views.js';

const SubjectHeader = Type.Object({ 'x-subject-token': Type.String({ minLength: 1, maxLength: 512 }) });
const CatalogQuery = Type.Object({ nocatalog: Type.Optional(QueryFlag) });
const tags = ['identity'];

/** Keystone's token API under /identity/v3/auth. */
export function tokenRoutes(
  app: Api,
  deps: { identity: IdentityService; catalog: () => readonly CatalogEntry[] },
): void {
  const { identity, catalog } = deps;

  app.post(
    '/v3/auth/tokens',
    {
      config: { access: 'public', status: 201 },
      schema: { tags, summary: 'Issue a token (password or token method)', body: AuthRequest, querystring: CatalogQuery, response: { 201: TokenBody } },
    },
    async (request, reply) => {
      const issued = await identity.tokens.issue(request.ctx, request.body);
      void reply.code(201).header('x-subject-token', issued.secret);
      return tokenBody(issued, queryFlag(request.query.nocatalog) === true ? null : catalog());
    },
  );

  app.get(
    '/v3/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Validate a token', headers: SubjectHeader, querystring: CatalogQuery, response: { 200: TokenBody } },
    },
    async (request, reply) => {
      const subject = request.headers['x-subject-token'];
      const view = await identity.tokens.describe(request.ctx, subject);
      void reply.header('x-subject-token', subject);
      return tokenBody(view, queryFlag(request.query.nocatalog) === true ? null : catalog());
    },
  );

  app.delete(
    '/v3/auth/tokens',
    { config: { access: 'authenticated', status: 204 }, schema: { tags, summary: 'Revoke a token', headers: SubjectHeader, response: NoContent } },
    async (request, reply) => {
      await identity.tokens.revoke(request.ctx, request.headers['x-subject-token']);
      return reply.code(204).send();
    },
  );

  app.get(
    '/v3/auth/catalog',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The service catalog', response: { 200: Type.Object({ catalog: Type.Array(CatalogEntryObject), links: Type.Object({ self: Type.String() }) }) } },
    },
    async (request) => ({ catalog: [...catalog()], links: { self: `${hostUrl(request)}/identity/v3/auth/catalog` } }),
  );

  app.get(
    '/v3/auth/projects',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Projects the caller may scope to', response: { 200: ProjectList } } },
    async (request) => {
      const base = `${hostUrl(request)}/identity/v3`;
      const projects = await identity.users.projectsOf(request.ctx.actor!.userId);
      return { projects: projects.map((p) => projectView(p, base)), links: listLinks(`${base}/auth/projects`) };
    },
  );
}
