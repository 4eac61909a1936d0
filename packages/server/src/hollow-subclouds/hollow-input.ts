import { AppError } from '@murmuration/core/common';
import type { IncomingMessage } from 'node:http';
import type { Static, TSchema } from 'typebox';
import { JSON_CONTENT_TYPES, parseJsonBody } from '../api/json-body-parser.js';
import { createValidatorCompiler } from '../api/validation.js';
import { readBody } from './hollow-answers.js';

/** Request bodies read, parsed and checked by the controller's own parser and validator, so refusals match. */

/** The controller's default body limit is larger; the documents read here are small. */
export const BODY_LIMIT_BYTES = 64 * 1024;
const compile = createValidatorCompiler();

export type BodyReader<S extends TSchema> = (req: IncomingMessage) => Promise<Static<S>>;

/** A checker of a request's query string, path parameters or headers, coerced as the controller coerces them. */
export function partChecker<S extends TSchema>(
  schema: S,
  httpPart: 'querystring' | 'params' | 'headers',
): (data: unknown) => Static<S> {
  const validate = compile({ schema, method: 'GET', url: '', httpPart }) as (data: unknown) => { value?: unknown; error?: Error };
  return (data) => {
    const result = validate(data);
    if (result.error) throw result.error;
    return result.value as Static<S>;
  };
}

export function bodyReader<S extends TSchema>(schema: S, limit = BODY_LIMIT_BYTES): BodyReader<S> {
  const validate = compile({ schema, method: 'POST', url: '', httpPart: 'body' }) as (data: unknown) => { value?: unknown; error?: Error };
  return async (req) => {
    const bytes = await readBody(req, limit);
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (bytes.length > 0 && !JSON_CONTENT_TYPES.includes(type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported Media Type: ${type || 'none'}; send application/json.`);
    }
    const result = validate(parseJsonBody(bytes));
    if (result.error) throw result.error;
    return result.value as Static<S>;
  };
}
