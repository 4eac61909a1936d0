/**
 * Password rules: StarlingX's (history, lockout) together with NIST SP 800-63B's
 * (length over composition, a blocklist of common passwords, no truncation).
 * Every rule can be tuned; every rejection names the rule.
 */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  /** Reject passwords found in the common-password list. */
  readonly rejectCommon: boolean;
  /** Reject passwords that contain the user name (case-insensitive). */
  readonly rejectUserName: boolean;
  /** Reject passwords made of one repeated character or one short repeated sequence. */
  readonly rejectRepetitive: boolean;
  /** How many previous passwords may not be reused (0 turns the rule off). */
  readonly historyCount: number;
  /** Failed logins in a row that lock the account (0 turns lockout off). */
  readonly lockoutFailures: number;
  readonly lockoutSeconds: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = Object.freeze({
  minLength: 12,
  maxLength: 256,
  rejectCommon: true,
  rejectUserName: true,
  rejectRepetitive: true,
  historyCount: 2,
  lockoutFailures: 5,
  lockoutSeconds: 300,
});

export const PASSWORD_RULES = [
  'min_length',
  'max_length',
  'common_password',
  'contains_user_name',
  'repetitive',
  'password_history',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export interface PasswordViolation {
  readonly rule: PasswordRule;
  readonly message: string;
}

/** Counts user-perceived characters, so that a 12-emoji passphrase counts as 12. */
function characterCount(password: string): number {
  return [...password].length;
}

function isRepetitive(password: string): boolean {
  const chars = [...password];
  for (let period = 1; period <= 3 && period < chars.length; period++) {
    let repeats = true;
    for (let i = period; i < chars.length; i++) {
      if (chars[i] !== chars[i % period]) { repeats = false; break; }
    }
    if (repeats) return true;
  }
  return false;
}

/**
 * Checks the rules that need only the candidate password. The history rule needs the stored
 * hashes and is checked by the identity service.
 */
export function checkPasswordRules(
  policy: PasswordPolicy,
  candidate: { password: string; userName: string },
  isCommon: (normalized: string) => boolean,
): PasswordViolation | null {
  const { password, userName } = candidate;
  const length = characterCount(password);
  if (length < policy.minLength) {
    return { rule: 'min_length', message: `password must be at least ${policy.minLength} characters long (got ${length})` };
  }
  if (length > policy.maxLength) {
    return { rule: 'max_length', message: `password must be at most ${policy.maxLength} characters long (got ${length})` };
  }
  const normalized = password.normalize('NFKC').toLowerCase();
  if (policy.rejectCommon && isCommon(normalized)) {
    return { rule: 'common_password', message: 'password is on the list of commonly used passwords' };
  }
  if (policy.rejectUserName && userName.length >= 3 && normalized.includes(userName.normalize('NFKC').toLowerCase())) {
    return { rule: 'contains_user_name', message: 'password must not contain the user name' };
  }
  if (policy.rejectRepetitive && isRepetitive(password)) {
    return { rule: 'repetitive', message: 'password must not be one character or a short sequence repeated' };
  }
  return null;
}

export function historyViolation(count: number): PasswordViolation {
  return { rule: 'password_history', message: `password must differ from the last ${count} passwords` };
}

/** Validates an operator-supplied policy; returns the first problem found. */
export function policyProblem(policy: PasswordPolicy): string | null {
  const ints: Array<[keyof PasswordPolicy, number]> = [
    ['minLength', 1], ['maxLength', 64], ['historyCount', 0], ['lockoutFailures', 0], ['lockoutSeconds', 1],
  ];
  for (const [key, min] of ints) {
    const value = policy[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      return `passwordPolicy.${key} must be an integer of at least ${min}`;
    }
  }
  if (policy.maxLength < policy.minLength) return 'passwordPolicy.maxLength must not be below minLength';
  for (const key of ['rejectCommon', 'rejectUserName', 'rejectRepetitive'] as const) {
    if (typeof policy[key] !== 'boolean') return `passwordPolicy.${key} must be true or false`;
  }
  return null;
}
