import { AppError, findUnstorableText } from '@murmuration/core/common';
import type { FastifyInstance } from 'fastify';

/** Media types whose bodies are JSON: plain, JSON patch (sysinv PATCH) and Keystone's own. */
export const JSON_CONTENT_TYPES = ['application/json', 'application/json-patch+json', 'application/openstack-identity+json'];

// Refuses invalid UTF-8, overlong forms and encoded surrogates instead of replacing them.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Field names that would reach an object's prototype if the body were ever merged into
 * another object. JSON.parse keeps them as plain own properties, so they are reported here
 * as what they are rather than as a syntax error.
 */
function findForbiddenKey(value: unknown, root: string): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${root}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__') return `${root} has a field named '__proto__', which is not allowed`;
    if (key === 'constructor' && item !== null && typeof item === 'object' && Object.hasOwn(item, 'prototype')) {
      return `${root}.constructor has a field named 'prototype', which is not allowed`;
    }
    const found = findForbiddenKey(item, `${root}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** Parses one JSON body; an empty body is no body, for clients that send a JSON type with nothing. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError('MALFORMED_BODY', 'Request body is not valid UTF-8.');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('MALFORMED_BODY', `Request body is not valid JSON: ${(error as Error).message}`);
  }
  const unstorable = findUnstorableText(value, 'body');
  if (unstorable) throw new AppError('INVALID_INPUT', `Invalid input: ${unstorable.path} ${unstorable.reason}`, { field: unstorable.path });
  const forbidden = findForbiddenKey(value, 'body');
  if (forbidden !== null) throw new AppError('INVALID_INPUT', `Invalid input: ${forbidden}`);
  return value;
}

/** Replaces the framework's JSON parser with ours for every JSON media type the API accepts. */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(JSON_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
