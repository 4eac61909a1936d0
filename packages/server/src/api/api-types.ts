import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import Type from 'typebox';
// The request's `ctx` (the request context every route hands its service) is declared there.
import type {} from './route-config.js';

/** The Fastify instance routes are written against: TypeBox schemas type the handlers. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Response schema of a route that answers 204 without a body, so that the OpenAPI document says so. */
export const NoContent = { 204: Type.Unsafe<undefined>({ type: 'null', description: 'Done; the response has no body.' }) };

/** Scheme, host and port the caller used, for links in responses (as pecan's host_url). */
export function hostUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
