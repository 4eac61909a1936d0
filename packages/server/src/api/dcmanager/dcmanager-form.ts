import { AppError, findUnstorableText, invalid } from '@murmuration/core/common';
import type { FastifyRequest } from 'fastify';

/** The limits of one multipart form of dcmanager: a few small fields and a few small files (YAML). */
export const FORM_LIMITS = { fieldSize: 64 * 1024, fileSize: 256 * 1024, files: 8, fields: 32, parts: 40 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A request's fields, whichever way the client sent them: a multipart form as the dcmanager client builds it
 * (requests_toolbelt's encoder: each value a string, each file its text) or a JSON object.
 */
export async function formFields(request: FastifyRequest): Promise<Readonly<Record<string, unknown>>> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body)) throw invalid('the body must be a JSON object', { field: 'body' });
    return body as Record<string, unknown>;
  }
  const fields: Record<string, unknown> = {};
  for await (const part of request.parts()) {
    if (Object.hasOwn(fields, part.fieldname) || part.fieldname === '__proto__') {
      throw invalid(`form field ${part.fieldname} is given more than once`, { field: part.fieldname });
    }
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      try {
        fields[part.fieldname] = utf8.decode(bytes);
      } catch {
        throw invalid(`${part.fieldname} is not UTF-8 text`, { field: part.fieldname });
      }
    } else {
      if (part.valueTruncated) {
        throw new AppError('PAYLOAD_TOO_LARGE', `form field ${part.fieldname} is longer than ${FORM_LIMITS.fieldSize} bytes`, { field: part.fieldname });
      }
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
    }
  }
  const unstorable = findUnstorableText(fields, 'body');
  if (unstorable) throw invalid(`Invalid input: ${unstorable.path} ${unstorable.reason}`, { field: unstorable.path });
  return fields;
}
