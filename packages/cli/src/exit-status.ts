import type { ErrorCode } from '@murmuration/core/common';

/**
 * Exit statuses: 0 success, 1 the request failed, 2 the command was called wrongly,
 * 3 authentication or permission refused, 4 the controller could not be reached.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, denied: 3, unreachable: 4 } as const;

export function exitStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'ACCOUNT_LOCKED':
    case 'FORBIDDEN':
      return EXIT.denied;
    case 'UNAVAILABLE':
      return EXIT.unreachable;
    default:
      return EXIT.failed;
  }
}
