import { AppError, errorCodeForStatus, isAppError } from '@murmuration/core/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorFormatFor, errorHeaders } from './error-formats.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The error this request failed with, for the audit trail. */
    failure?: AppError;
  }
}

/** The path without its query string: what logs and audit entries record. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Turns anything thrown into an AppError. Framework errors about the request itself (bad JSON,
 * too large, wrong media type) become their 4xx codes; anything unknown is INTERNAL, with its
 * message kept out of the response.
 */
export function toAppError(error: unknown, bodyLimit: number): AppError {
  if (isAppError(error)) return error;
  const e = error as Partial<FastifyError> & { message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than the limit of ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', `${e.message ?? 'Unsupported media type'}; send application/json.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_BODY', 'Request body is empty but the content type says JSON.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_BODY', `Request body is not valid JSON: ${e.message ?? ''}`.trim());
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_BODY', 'Request body length does not match its Content-Length header.');
    case 'FST_ERR_BAD_URL':
      return new AppError('INVALID_INPUT', 'The request URL is not valid: a path segment is not correctly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('INVALID_INPUT', 'A path parameter in the request URL is too long.');
    default:
      break;
  }
  if (error instanceof SyntaxError && e.statusCode === 400) {
    return new AppError('MALFORMED_BODY', `Request body is not valid JSON: ${error.message}`);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(errorCodeForStatus(e.statusCode), e.message ?? 'Bad request');
  }
  return new AppError('INTERNAL', 'Internal error; quote the request id to the operator.', undefined, { cause: error });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  request.failure = error;
  if (error.code === 'INTERNAL') request.log.error({ err: error.cause ?? error }, 'request failed with an internal error');
  else request.log.info({ code: error.code, status: error.status }, error.message);
  void reply.code(error.status).headers(errorHeaders(error));
  const body = errorFormatFor(pathOf(request.url))(error, request.id, request.headers.accept);
  return reply.type(body.contentType).send(body.text);
}

/** Installs the one error handler and the one not-found handler of the port. */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, toAppError(error, bodyLimit)));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new AppError('ROUTE_NOT_FOUND', `No route for ${request.method} ${pathOf(request.url)}.`)),
  );
}
