import type { RequestContext } from '@murmuration/core/common';
import type { AccessLevel } from '@murmuration/core/identity';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Defaults: GET/HEAD need `read`, everything else `admin`. */
    access?: AccessLevel;
    /** Status the route answers with on success; recorded as the audit outcome. */
    status?: number;
  }
  interface FastifyRequest {
    /** Request facts for services and the audit trail, set before the handler runs. */
    ctx: RequestContext;
  }
}

export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The access level a route demands when it does not say. */
export function defaultAccess(method: string): AccessLevel {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}
