import { AppError } from '@murmuration/core/common';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function build(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    removeAdditional: false,
    useDefaults: coerce,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are checked strictly (no type coercion: `"5"` is not a number, unknown fields are
 * refused where the schema says so); query strings, path parameters and headers arrive as
 * text and are coerced to the declared types.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = build(false);
  const lenient = build(true);
  return ({ schema, httpPart }) => {
    // A binary body (a release bundle) arrives as bytes, parsed by its content type.
    if (isBinary(schema)) {
      return (data: unknown) => (Buffer.isBuffer(data) ? { value: data } : { error: new AppError('INVALID_INPUT', 'Invalid input: body must be the bytes of the file', { field: 'body' }) });
    }
    const validate: ValidateFunction = (httpPart === 'body' ? strict : lenient).compile(schema as object);
    return (data: unknown) => (validate(data) ? { value: data } : { error: validationError(httpPart ?? 'body', validate.errors ?? []) });
  };
}

function isBinary(schema: unknown): boolean {
  const s = schema as { type?: unknown; format?: unknown };
  return s.type === 'string' && s.format === 'binary';
}

const PART_NAMES: Readonly<Record<string, string>> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** One readable sentence naming where the input is wrong and why. */
export function describeValidationError(part: string, error: ErrorObject): string {
  const where = `${PART_NAMES[part] ?? part}${error.instancePath.replace(/\//g, '.')}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field '${String(params['additionalProperty'])}'`;
    case 'required':
      return `${where} is missing the required field '${String(params['missingProperty'])}'`;
    case 'type':
      return `${where} must be of type ${String(params['type'])}`;
    case 'enum':
    case 'const':
      return `${where} has a value that is not allowed`;
    case 'anyOf':
      return `${where} does not match any allowed form`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

function validationError(part: string, errors: readonly ErrorObject[]): Error {
  const first = errors[0];
  const message = first ? `Invalid input: ${describeValidationError(part, first)}` : 'Invalid input';
  return new AppError('INVALID_INPUT', message, first ? { field: `${PART_NAMES[part] ?? part}${first.instancePath.replace(/\//g, '.')}` } : undefined);
}
