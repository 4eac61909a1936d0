/**
 * The one vocabulary of failures. Clients branch on these codes, never on message text,
 * so messages may be reworded freely while codes stay stable.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'MALFORMED_BODY',
  'PASSWORD_POLICY',
  'UNAUTHENTICATED',
  'ACCOUNT_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_TIMEOUT',
  'TOO_MANY_REQUESTS',
  'HEADERS_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one table from error code to HTTP status. */
export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  INVALID_INPUT: 400,
  MALFORMED_BODY: 400,
  PASSWORD_POLICY: 400,
  UNAUTHENTICATED: 401,
  ACCOUNT_LOCKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  /** Well-formed, but it cannot be done in the state things are in (a subcloud that answers no join, say). */
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  TOO_MANY_REQUESTS: 429,
  HEADERS_TOO_LARGE: 431,
  UNAVAILABLE: 503,
  INTERNAL: 500,
});

/** Best code for a bare HTTP status, used when a peer answered without one of ours. */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400: return 'INVALID_INPUT';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 409: return 'CONFLICT';
    case 412: return 'PRECONDITION_FAILED';
    case 422: return 'UNPROCESSABLE';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    case 408: return 'REQUEST_TIMEOUT';
    case 429: return 'TOO_MANY_REQUESTS';
    case 431: return 'HEADERS_TOO_LARGE';
    case 503: return 'UNAVAILABLE';
    default: return status >= 400 && status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
