import { AppError, findUnstorableText, type Actor, type RequestContext } from '@murmuration/core/common';
import { rolesAllow } from '@murmuration/core/identity';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditService } from '../services/audit/index.js';
import type { TokenService } from '../services/identity/index.js';
import { pathOf, sendError } from './error-handler.js';
import type { HttpMetrics } from './metrics.js';
import { MUTATING_METHODS, defaultAccess } from './route-config.js';

const AUTH_REQUIRED = 'The request you have made requires authentication.';

/** The facts of a request that services and the audit trail need. */
function contextOf(request: FastifyRequest, actor: Actor | null, successStatus: number): RequestContext {
  return {
    requestId: request.id,
    sourceAddress: request.ip,
    method: request.method,
    path: pathOf(request.url),
    actor,
    successStatus,
    audited: false,
  };
}

function tokenOf(request: FastifyRequest): string | null {
  const value = request.headers['x-auth-token'];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Every request: build its context, check its token against the route's access level, and
 * make sure a mutating request leaves an audit entry even when no service wrote one (refused,
 * malformed, or unknown route). Ends with the request metrics.
 */
export function installRequestHooks(
  app: FastifyInstance,
  deps: { tokens: TokenService; audit: AuditService; metrics: HttpMetrics },
): void {
  const { tokens, audit, metrics } = deps;
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-openstack-request-id', request.id);
    const config = request.routeOptions.config;
    const access = request.is404 ? 'public' : (config.access ?? defaultAccess(request.method));
    const token = tokenOf(request);
    let actor: Actor | null = null;
    let tokenRejected = false;
    if (token !== null) {
      try {
        actor = await tokens.authenticate(token);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED') throw error;
        tokenRejected = true;
      }
    }
    request.ctx = contextOf(request, actor, config.status ?? 200);
    if (access === 'public') return;
    if (!actor) {
      if (tokenRejected) {
        await audit.recordRepeated(request.ctx, { target: null, event: 'auth.failure', outcome: 401, detail: 'invalid, expired or revoked token' });
      }
      throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
    }
    if (!rolesAllow(actor.roles, access)) {
      const needs = access === 'admin' ? 'the admin role' : 'a role on the project';
      throw new AppError('FORBIDDEN', `You are not authorized to perform the requested action: ${request.method} ${request.routeOptions.url ?? ''} needs ${needs}.`);
    }
  });

  // Bodies are checked as they are parsed (json-body-parser.ts); the URL's parts are checked here.
  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('preValidation', (request, _reply, done) => {
    const found = findUnstorableText(request.query, 'query') ?? findUnstorableText(request.params, 'path');
    done(found ? new AppError('INVALID_INPUT', `Invalid input: ${found.path} ${found.reason}`, { field: found.path }) : undefined);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const ctx = request.ctx;
    if (ctx && !ctx.audited && MUTATING_METHODS.has(request.method)) {
      const failure = request.failure;
      try {
        await audit.record(ctx, {
          target: null,
          outcome: reply.statusCode,
          detail: failure ? `${failure.code}: ${failure.message}`.slice(0, 500) : null,
        });
      } catch (error) {
        request.log.error({ err: error }, 'could not write the audit entry for this request');
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request, reply);
  });
}

/**
 * Answers a request whose URL the router refused before any hook ran (bad percent-encoding,
 * an overlong parameter). No hook will write its audit entry, so a refused change is audited here.
 */
export async function refuseUrl(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  audit: AuditService,
): Promise<void> {
  if (MUTATING_METHODS.has(request.method)) {
    const ctx = contextOf(request, null, error.status);
    try {
      await audit.record(ctx, { target: null, outcome: error.status, detail: `${error.code}: ${error.message}` });
    } catch (failure) {
      request.log.error({ err: failure }, 'could not write the audit entry for this request');
    }
  }
  void sendError(request, reply, error);
}
