/**
 * What every domain shares: the error type and its codes, the clock, wire time formats, the
 * request context and text safety. `@murmuration/core/common`.
 */
export { ERROR_CODES, ERROR_HTTP_STATUS, errorCodeForStatus, isErrorCode } from './errors/error-code.js';
export type { ErrorCode } from './errors/error-code.js';
export { AppError, isAppError, invalid, notFound, conflict, forbidden } from './errors/app-error.js';
export type { ErrorDetails } from './errors/app-error.js';
export { REFUSAL_RULES } from './errors/refusal-rule.js';
export type { RefusalRule } from './errors/refusal-rule.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { sysinvTime, keystoneTime, pythonTime, pythonIsoTime } from './time/wire-time.js';
export { parseIsoTime } from './time/iso-time.js';
export { parseDuration } from './time/duration.js';
export { internalContext } from './request-context.js';
export { queryFlag } from './query-flag.js';
export type { Actor, RequestContext } from './request-context.js';
export {
  findUnstorableText, requireDisplayableName, storableText, unsafeNameReason, unstorableReason,
} from './text/text-safety.js';
