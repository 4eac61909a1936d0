import type { AppError } from '@murmuration/core/common';
import { API_FAMILIES, type ErrorBodyFormat } from '@murmuration/core/identity';
import { STATUS_CODES } from 'node:http';

/** How one API family spells an error body, so each family's existing clients can parse it. */
export type ErrorFormat = (error: AppError, requestId: string) => unknown;

/** wsme's fault code: `Client` for the caller's mistakes, `Server` for ours. */
const faultcode = (error: AppError): string => (error.status < 500 ? 'Client' : 'Server');

/** sysinv and fm (pecan/wsme): the fault is a JSON string inside `error_message`. */
const wsmeFormat: ErrorFormat = (error) => ({
  error_message: JSON.stringify({ faultstring: error.message, debuginfo: null, faultcode: faultcode(error) }),
});

/** The VIM (wsme directly): the fault itself, whose `faultstring` `sw-manager` prints. */
const vimFormat: ErrorFormat = (error) => ({
  faultcode: faultcode(error),
  faultstring: error.message,
  debuginfo: null,
});

/** Keystone: `{"error": {"code", "title", "message"}}`. */
const keystoneFormat: ErrorFormat = (error) => ({
  error: { code: error.status, title: STATUS_CODES[error.status] ?? 'Error', message: error.message },
});

/** The controller's own APIs: the stable code, the message and the request to quote. */
const nativeFormat: ErrorFormat = (error, requestId) => ({
  code: error.code,
  message: error.message,
  requestId,
  ...(error.details ? { details: error.details } : {}),
});

/** USM (pecan): the wsme fault, and the `info`/`warning`/`error` texts its client prints. */
const usmFormat: ErrorFormat = (error, requestId) => ({ ...(wsmeFormat(error, requestId) as object), info: '', warning: '', error: error.message });

const ERROR_FORMATS: Readonly<Record<ErrorBodyFormat, ErrorFormat>> = {
  keystone: keystoneFormat,
  wsme: wsmeFormat,
  vim: vimFormat,
  usm: usmFormat,
  native: nativeFormat,
};

/** Picks the body format for a request path from the family table: one table for the whole port. */
export function errorFormatFor(path: string): ErrorFormat {
  for (const { prefix, errorFormat } of Object.values(API_FAMILIES)) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return ERROR_FORMATS[errorFormat];
  }
  return nativeFormat;
}

/** The headers every error answer carries besides its body: its code, and what a client needs to retry. */
export function errorHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = { 'x-error-code': error.code };
  if (error.status === 401) headers['www-authenticate'] = `Keystone uri="${API_FAMILIES.identity.catalog.path}"`;
  const retryAfter = error.details?.['retry_after_seconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return headers;
}
