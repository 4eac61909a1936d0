import { API_FAMILIES } from '@murmuration/core/identity';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pathOf } from './error-handler.js';

/** Agents call every few seconds, each of them: their requests are logged at debug, not info. */
const AGENT_PREFIX = `${API_FAMILIES.agent.prefix}/`;

/**
 * One log line per request, written when it completes: method, path (never the query, which
 * may carry names), status, duration and the acting user. The request id is on every line.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      user: request.ctx?.actor?.userName,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (line.path.startsWith(AGENT_PREFIX)) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
