import { VersionResponse, VersionsResponse } from '@murmuration/core/contract/identity';
import type { FastifyRequest } from 'fastify';
import { hostUrl, type Api } from '../api-types.js';

function v3(request: FastifyRequest) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${hostUrl(request)}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

/** Unauthenticated version discovery, as keystoneauth performs it before authenticating. */
export function identityVersionRoutes(app: Api): void {
  app.get(
    '/',
    { config: { access: 'public' }, schema: { tags: ['identity'], summary: 'Identity API versions', response: { 300: VersionsResponse } } },
    async (request, reply) => reply.code(300).send({ versions: { values: [v3(request)] } }),
  );
  app.get(
    '/v3',
    { config: { access: 'public' }, schema: { tags: ['identity'], summary: 'Identity API v3', response: { 200: VersionResponse } } },
    async (request) => ({ version: v3(request) }),
  );
}
