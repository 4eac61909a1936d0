import type { AppError } from '@murmuration/core/common';
import { API_FAMILIES, type ErrorBodyFormat } from '@murmuration/core/identity';
import { STATUS_CODES } from 'node:http';

/** An error body as it goes on the wire: its media type and its text. */
export interface ErrorBody {
  readonly contentType: string;
  readonly text: string;
}

/**
 * How one API family spells an error body, so each family's existing clients can parse it; `accept` is the request's
 * Accept header (undefined when there is none, or no request was read).
 */
export type ErrorFormat = (error: AppError, requestId: string, accept: string | undefined) => ErrorBody;

/** The families whose errors are JSON whatever the client accepts. */
type JsonErrorFormat = (error: AppError, requestId: string) => unknown;

const JSON_TYPE = 'application/json; charset=utf-8';
const asJson =
  (format: JsonErrorFormat): ErrorFormat =>
  (error, requestId) => ({ contentType: JSON_TYPE, text: JSON.stringify(format(error, requestId)) });

/** wsme's fault code: `Client` for the caller's mistakes, `Server` for ours. */
const faultcode = (error: AppError): string => (error.status < 500 ? 'Client' : 'Server');

/** sysinv and fm (pecan/wsme): the fault is a JSON string inside `error_message`. */
const wsmeFormat: JsonErrorFormat = (error) => ({
  error_message: JSON.stringify({ faultstring: error.message, debuginfo: null, faultcode: faultcode(error) }),
});

/** The VIM (wsme directly): the fault itself, whose `faultstring` `sw-manager` prints. */
const vimFormat: JsonErrorFormat = (error) => ({
  faultcode: faultcode(error),
  faultstring: error.message,
  debuginfo: null,
});

/** Keystone: `{"error": {"code", "title", "message"}}`. */
const keystoneFormat: JsonErrorFormat = (error) => ({
  error: { code: error.status, title: STATUS_CODES[error.status] ?? 'Error', message: error.message },
});

/** The controller's own APIs: the stable code, the message and the request to quote. */
const nativeFormat: JsonErrorFormat = (error, requestId) => ({
  code: error.code,
  message: error.message,
  requestId,
  ...(error.details ? { details: error.details } : {}),
});

/** USM (pecan): the wsme fault, and the `info`/`warning`/`error` texts its client prints. */
const usmFormat: JsonErrorFormat = (error, requestId) => ({ ...(wsmeFormat(error, requestId) as object), info: '', warning: '', error: error.message });

/**
 * webob's explanation line for each status, as its HTML page shows it (one line each); a status without one of its
 * own is explained by its class.
 */
const WEBOB_EXPLANATIONS: Readonly<Record<number, string>> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  401: 'This server could not verify that you are authorized to access the document you requested. Either you '
    + 'supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the '
    + 'credentials required.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  408: 'The server has waited too long for the request to be sent by the client.',
  409: 'There was a conflict when trying to complete your request.',
  410: 'This resource is no longer available. No forwarding address is given.',
  412: 'Request precondition failed.',
  413: 'The request is larger than the server is willing or able to process.',
  415: 'The request media type is not supported by this server.',
  422: 'Unable to process the contained instructions',
  429: 'The client has sent too many requests in a given amount of time.',
  431: 'The server is unwilling to process the request because its header fields are too large.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
  503: 'The server is currently unavailable. Please try again at a later time.',
};

/** webob's titles where they differ from Node's status texts. */
const WEBOB_TITLES: Readonly<Record<number, string>> = { 413: 'Request Entity Too Large' };

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/**
 * dcmanager (pecan's webob): an HTML page whose body's text is the status line, webob's one-line explanation, then
 * the message, one per line, which is what the dcmanager client reads (its second line and those after). A client
 * that accepts JSON alone gets `{"code", "title", "description"}`, as pecan writes it.
 */
const webobFormat: ErrorFormat = (error, _requestId, accept) => {
  const title = WEBOB_TITLES[error.status] ?? STATUS_CODES[error.status] ?? 'Error';
  if (accept?.trim() === 'application/json') {
    return { contentType: JSON_TYPE, text: JSON.stringify({ code: error.status, title, description: error.message }) };
  }
  const status = `${error.status} ${title}`;
  const explanation = WEBOB_EXPLANATIONS[error.status] ?? WEBOB_EXPLANATIONS[error.status < 500 ? 400 : 500]!;
  return {
    contentType: 'text/html; charset=UTF-8',
    text: `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n`
      + `  ${explanation}<br /><br />\n${escapeHtml(error.message)}\n\n\n </body>\n</html>`,
  };
};

const ERROR_FORMATS: Readonly<Record<ErrorBodyFormat, ErrorFormat>> = {
  keystone: asJson(keystoneFormat),
  wsme: asJson(wsmeFormat),
  vim: asJson(vimFormat),
  usm: asJson(usmFormat),
  webob: webobFormat,
  native: asJson(nativeFormat),
};

/** Picks the body format for a request path from the family table: one table for the whole port. */
export function errorFormatFor(path: string): ErrorFormat {
  for (const { prefix, errorFormat } of Object.values(API_FAMILIES)) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return ERROR_FORMATS[errorFormat];
  }
  return ERROR_FORMATS.native;
}

/** The headers every error answer carries besides its body: its code, and what a client needs to retry. */
export function errorHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = { 'x-error-code': error.code };
  if (error.status === 401) headers['www-authenticate'] = `Keystone uri="${API_FAMILIES.identity.catalog.path}"`;
  const retryAfter = error.details?.['retry_after_seconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return headers;
}
