import swagger from '@fastify/swagger';
import type { Clock } from '@murmuration/core/common';
import type { CatalogEntry } from '@murmuration/core/identity';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { TSchema } from 'typebox';
import type { Services } from '../controller-services.js';
import { registerApiFamily, type ApiPlugin } from './api-family.js';
import type { Api } from './api-types.js';
import { answerClientError } from './client-error-answer.js';
import { installErrorHandling, toAppError } from './error-handler.js';
import { createHttpMetrics } from './metrics.js';
import type { BackgroundLoop } from '../runtime/background-loop.js';
import { registerLoopMetrics } from '../runtime/loop-metrics.js';
import { platformRoutes } from './platform/platform-routes.js';
import { installJsonBodyParser } from './json-body-parser.js';
import { installRequestHooks, refuseUrl } from './request-hooks.js';
import { requestIdOf } from './request-id.js';
import { RequestLog } from './request-log.js';
import './route-config.js';
import { trackServedPaths } from './served-paths.js';
import { BUNDLE_CONTENT_TYPES } from './usm/release-routes.js';
import { createValidatorCompiler } from './validation.js';

export interface HttpServerDeps {
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  readonly headersTimeoutMs: number;
  /** Largest release bundle an upload may carry. */
  readonly maxBundleBytes: number;
  readonly metricsPublic: boolean;
  /** The background loops whose lag and failures /metrics shows. */
  readonly loops: readonly BackgroundLoop[];
  /** Every API family's routes, in registration order. */
  readonly plugins: readonly ApiPlugin[];
  /** The wire schemas of the host-configuration sections modules contribute, by name. */
  readonly hostConfigSchemas: Readonly<Record<string, TSchema>>;
  readonly softwareVersion: string;
  readonly services: Services;
  readonly clock: Clock;
  /** The catalog, given whether routes are registered under a service's path. */
  readonly catalog: (serves: (path: string) => boolean) => readonly CatalogEntry[];
  readonly ping: () => Promise<boolean>;
}

/** The one HTTP port: every API family under its prefix, one error mapper, one auth hook. */
export async function createHttpServer(deps: HttpServerDeps): Promise<Api> {
  const { services } = deps;
  const { audit, identity } = services;
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new RequestLog(),
    bodyLimit: deps.bodyLimitBytes,
    // A client that trickles its headers gets a 408 rather than holding a connection open.
    http: {
      headersTimeout: deps.headersTimeoutMs, connectionsCheckingInterval: Math.min(deps.headersTimeoutMs / 2, 30_000),
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    forceCloseConnections: 'idle',
    // URLs the router refuses before routing (bad percent-encoding, overlong parameters) get the
    // same error bodies and codes as every other failure, and the same audit trail.
    frameworkErrors: (error, request, reply) => {
      void refuseUrl(request, reply, toAppError(error, deps.bodyLimitBytes), audit);
    },
    genReqId: (req) => requestIdOf(req.headers['x-openstack-request-id']),
  }).withTypeProvider() as unknown as Api;

  app.setValidatorCompiler(createValidatorCompiler());
  installJsonBodyParser(app);
  app.addContentTypeParser(BUNDLE_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  installErrorHandling(app, deps.bodyLimitBytes);
  const metrics = createHttpMetrics();
  registerLoopMetrics(metrics.registry, deps.loops);
  installRequestHooks(app, { tokens: identity.tokens, audit, metrics });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Murmuration controller API', version: deps.softwareVersion,
        description: 'Every service on one port: identity (Keystone v3), sysinv, fm, nfv, usm and the audit log.',
      },
      components: { securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' } } },
      security: [{ token: [] }],
    },
  });

  const serves = trackServedPaths(app);
  const catalog = () => deps.catalog(serves);
  platformRoutes(app, { metrics, ping: deps.ping, metricsPublic: deps.metricsPublic });
  const context = {
    services, clock: deps.clock, catalog, registry: metrics.registry, maxBundleBytes: deps.maxBundleBytes,
    hostConfigSchemas: deps.hostConfigSchemas,
  };
  for (const plugin of deps.plugins) await registerApiFamily(app, plugin, context);
  return app;
}
