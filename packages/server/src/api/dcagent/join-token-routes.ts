import {
  JOIN_TOKEN_DEFAULT_SECONDS, JoinTokenCollection, JoinTokenCreateBody, JoinTokenCreated, JoinTokenIdParam,
  type JoinTokenObject,
} from '@murmuration/core/contract/dc-agent';
import type { JoinTokens } from '../../services/dc-agent/index.js';
import type { OneTimeTokenEntry } from '../../services/identity/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['dcagent'];
const iso = (ms: number): string => new Date(ms).toISOString();

function tokenView({ token, state }: OneTimeTokenEntry): JoinTokenObject {
  return {
    id: token.uuid,
    state,
    description: token.description,
    created_by: token.createdBy,
    created_at: iso(token.createdAt),
    expires_at: iso(token.expiresAt),
    used_at: token.usedAt === null ? null : iso(token.usedAt),
    used_by: token.usedBy,
  };
}

/** One-time tokens with which a system controller adopts this controller (`dcmanager join-token …`). Admin only. */
export function joinTokenRoutes(app: Api, tokens: JoinTokens): void {
  app.post(
    '/v1/join-tokens',
    {
      config: { access: 'admin', status: 201 },
      schema: {
        tags, summary: 'Create a one-time join token for one system controller; the token is shown only in this answer',
        body: JoinTokenCreateBody, response: { 201: JoinTokenCreated },
      },
    },
    async (request, reply) => {
      const { entry, secret } = await tokens.create(request.ctx, {
        description: request.body.description ?? null,
        expiresInSeconds: request.body.expires_in ?? JOIN_TOKEN_DEFAULT_SECONDS,
      });
      return reply.code(201).send({ ...tokenView(entry), token: secret });
    },
  );

  app.get(
    '/v1/join-tokens',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'List join tokens (never the tokens themselves): unused, used or expired', response: { 200: JoinTokenCollection } },
    },
    async () => ({ join_tokens: (await tokens.list()).map(tokenView) }),
  );

  app.delete(
    '/v1/join-tokens/:id',
    { config: { status: 204 }, schema: { tags, summary: 'Revoke a join token', params: JoinTokenIdParam, response: NoContent } },
    async (request, reply) => {
      await tokens.revoke(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
