import { AppError } from '@murmuration/core/common';
import {
  checkPasswordRules, historyViolation, type PasswordPolicy, type PasswordViolation,
} from '@murmuration/core/identity';
import { verifyPassword } from './password-hasher.js';

function rejection(violation: PasswordViolation): AppError {
  return new AppError('PASSWORD_POLICY', `Password rejected by rule ${violation.rule}: ${violation.message}.`, { rule: violation.rule });
}

/** Applies the password policy to a candidate; throws PASSWORD_POLICY naming the failed rule. */
export interface PasswordChecker {
  /**
   * @param recentHashes the user's most recent password hashes, newest first (current one included)
   */
  check(candidate: { password: string; userName: string }, recentHashes: readonly string[]): Promise<void>;
}

export function createPasswordChecker(
  policy: PasswordPolicy,
  isCommon: (normalized: string) => boolean,
): PasswordChecker {
  return {
    async check(candidate, recentHashes) {
      const violation = checkPasswordRules(policy, candidate, isCommon);
      if (violation) throw rejection(violation);
      for (const hash of recentHashes.slice(0, policy.historyCount)) {
        if (await verifyPassword(candidate.password, hash)) throw rejection(historyViolation(policy.historyCount));
      }
    },
  };
}
