import { sysinvTime } from '@murmuration/core/common';
import {
  type BootstrapTokenObject, BootstrapTokenCollection, BootstrapTokenCreateBody, BootstrapTokenCreated,
} from '@murmuration/core/contract/agents';
import { UuidParam } from '@murmuration/core/contract/common';
import { DEFAULT_BOOTSTRAP_TOKEN_SECONDS, type BootstrapTokenEntry, type EnrollmentService } from '../../services/agents/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['sysinv'];

function tokenView({ token, state, usedByHostname }: BootstrapTokenEntry): BootstrapTokenObject {
  return {
    uuid: token.uuid,
    description: token.description,
    created_by: token.createdBy,
    created_at: sysinvTime(token.createdAt),
    expires_at: sysinvTime(token.expiresAt),
    used_at: token.usedAt === null ? null : sysinvTime(token.usedAt),
    used_by_host: usedByHostname,
    used_by_host_uuid: token.usedBy,
    state,
  };
}

/** One-time tokens with which host agents join (`system host-bootstrap-token-*`). Admin only. */
export function bootstrapTokenRoutes(app: Api, deps: { enrollment: EnrollmentService }): void {
  const { enrollment } = deps;

  app.post(
    '/v1/host_bootstrap_tokens',
    {
      config: { access: 'admin', status: 201 },
      schema: { tags, summary: 'Create a one-time token for one host agent to join; the token is shown only in this answer', body: BootstrapTokenCreateBody, response: { 201: BootstrapTokenCreated } },
    },
    async (request, reply) => {
      const { entry, secret } = await enrollment.createToken(request.ctx, {
        description: request.body.description ?? null,
        expiresInSeconds: request.body.expires_in ?? DEFAULT_BOOTSTRAP_TOKEN_SECONDS,
      });
      return reply.code(201).send({ ...tokenView(entry), token: secret });
    },
  );

  app.get(
    '/v1/host_bootstrap_tokens',
    { config: { access: 'admin' }, schema: { tags, summary: 'List bootstrap tokens (never the tokens themselves) and whether each is unused, used or expired', response: { 200: BootstrapTokenCollection } } },
    async () => ({ host_bootstrap_tokens: (await enrollment.listTokens()).map(tokenView) }),
  );

  app.delete(
    '/v1/host_bootstrap_tokens/:uuid',
    { config: { status: 204 }, schema: { tags, summary: 'Revoke a bootstrap token', params: UuidParam, response: NoContent } },
    async (request, reply) => {
      await enrollment.revokeToken(request.ctx, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
