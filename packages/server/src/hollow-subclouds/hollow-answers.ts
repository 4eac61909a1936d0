import { AppError } from '@murmuration/core/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorFormatFor, errorHeaders } from '../api/error-formats.js';
import { requestIdOf } from '../api/request-id.js';

/** Writing answers as the controller's port writes them: its content type, request id and error bodies. */

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The path of a request target, without its query and trailing slashes (the router ignores them). */
export function requestPath(url: string | undefined): string {
  const target = url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

/** A path segment decoded (as it came when it is not a valid escape). */
export function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A JSON answer; `headers` is a flat list of further names and values. */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  headers: readonly string[] = [],
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, [
    'content-type', JSON_TYPE,
    'content-length', String(bytes.length),
    'x-openstack-request-id', requestIdOf(req.headers['x-openstack-request-id']),
    ...headers,
  ]);
  res.end(bytes);
}

/** An answer with no body (204, 304). */
export function sendEmpty(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: readonly string[] = [],
): void {
  res.writeHead(status, ['x-openstack-request-id', requestIdOf(req.headers['x-openstack-request-id']), ...headers]);
  res.end();
}

/** An error, in the body format of the API family its path belongs to, with the headers the controller sends. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: AppError): void {
  const requestId = requestIdOf(req.headers['x-openstack-request-id']);
  const answer = errorFormatFor(requestPath(req.url))(error, requestId, req.headers.accept);
  const body = Buffer.from(answer.text);
  res.writeHead(error.status, [
    'content-type', answer.contentType,
    'content-length', String(body.length),
    'x-openstack-request-id', requestId,
    ...Object.entries(errorHeaders(error)).flat(),
  ]);
  res.end(body);
}

export function routeNotFound(req: IncomingMessage): AppError {
  return new AppError('ROUTE_NOT_FOUND', `No route for ${req.method ?? 'GET'} ${requestPath(req.url)}.`);
}

/** Reads a request body of at most `limit` bytes; a longer one is read to its end and refused. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
    });
    req.once('end', () => {
      if (length > limit) reject(new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than the limit of ${limit} bytes.`));
      else resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
  });
}
