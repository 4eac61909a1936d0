import Type from 'typebox';
import type { Api } from '../api-types.js';
import type { HttpMetrics } from '../metrics.js';

const Health = Type.Object({ status: Type.String() });
const Readiness = Type.Object({ status: Type.String(), database: Type.String() });
const MetricsText = { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: Type.String() } } };
const OpenApiDocument = Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.0 document' });

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
export function platformRoutes(
  app: Api,
  deps: { metrics: HttpMetrics; ping: () => Promise<boolean>; metricsPublic: boolean },
): void {
  const tags = ['platform'];
  app.get('/health', { config: { access: 'public' }, schema: { tags, summary: 'Liveness: the process answers', response: { 200: Health } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/health/ready',
    { config: { access: 'public' }, schema: { tags, summary: 'Readiness: the database answers', response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const ok = await deps.ping();
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: deps.metricsPublic ? 'public' : 'read' },
      schema: { tags, summary: 'Prometheus metrics (text format)', response: { 200: MetricsText } },
    },
    async (_request, reply) =>
      reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );

  app.get('/openapi.json', { config: { access: 'public' }, schema: { tags, summary: 'This document', response: { 200: OpenApiDocument } } }, async () => app.swagger());
}
