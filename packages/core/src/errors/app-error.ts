import { ERROR_HTTP_STATUS, type ErrorCode } from './error-code.js';
import type { RefusalRule } from './refusal-rule.js';

/**
 * Structured, JSON-safe facts about a failure (which field, which rule, which entity); `rule` is one of the named
 * refusals.
 */
export type ErrorDetails = Readonly<{ rule?: RefusalRule } & Record<string, string | number | boolean | null>>;

/**
 * The only error type services throw on purpose. `code` is stable; `message` is for people;
 * `details` names the field, rule or entity involved.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** HTTP status for this error, from the one table. */
  get status(): number {
    return ERROR_HTTP_STATUS[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Shorthand constructors for the codes services use most. */
export const invalid = (message: string, details?: ErrorDetails): AppError => new AppError('INVALID_INPUT', message, details);
export const notFound = (message: string, details?: ErrorDetails): AppError => new AppError('NOT_FOUND', message, details);
export const conflict = (message: string, details?: ErrorDetails): AppError => new AppError('CONFLICT', message, details);
export const forbidden = (message: string, details?: ErrorDetails): AppError => new AppError('FORBIDDEN', message, details);
