import { DEFAULT_PASSWORD_POLICY, policyProblem, type PasswordPolicy } from '@murmuration/core/identity';
import Type, { type Static } from 'typebox';
import { configSection, type SectionConfig } from '../../runtime/config-compiler.js';
import { ConfigError } from '../../runtime/config-error.js';

/** Scrypt cost for new password hashes: 2^ln iterations, block size r, parallelism p. */
export const DEFAULT_HASH_COST = Object.freeze({ ln: 15, r: 8, p: 1 });
const policy = DEFAULT_PASSWORD_POLICY;

const HashCostSettings = Type.Object(
  {
    ln: Type.Integer({ minimum: 10, maximum: 20, default: DEFAULT_HASH_COST.ln }),
    r: Type.Integer({ minimum: 1, maximum: 32, default: DEFAULT_HASH_COST.r }),
    p: Type.Integer({ minimum: 1, maximum: 16, default: DEFAULT_HASH_COST.p }),
  },
  { additionalProperties: false, default: {} },
);
export type HashCost = Readonly<Static<typeof HashCostSettings>>;

/** How many failed logins a source address or a user name may have in one window. */
const LoginThrottleSettings = Type.Object(
  {
    windowSeconds: Type.Integer({ minimum: 1, default: 60 }),
    /** Failed (or still unchecked) logins one address may have per window; 0 turns the limit off. */
    perSource: Type.Integer({ minimum: 0, default: 10 }),
    /** Failed (or still unchecked) logins one user name may have per window, from anywhere; 0 turns it off. */
    perUser: Type.Integer({ minimum: 0, default: 10 }),
  },
  { additionalProperties: false, default: {} },
);
export type LoginThrottleSettings = Readonly<Static<typeof LoginThrottleSettings>>;

/**
 * Identity's settings: token lifetime, password policy, password hashing cost and login
 * throttling. They sit at the top of the settings rather than in a section of their own, as
 * they always have.
 */
export const IDENTITY_CONFIG = configSection(
  Type.Object({
    tokenTtlSeconds: Type.Integer({ minimum: 60, default: 3600 }),
    passwordPolicy: Type.Object(
      {
        minLength: Type.Integer({ minimum: 1, default: policy.minLength }),
        maxLength: Type.Integer({ minimum: 64, default: policy.maxLength }),
        rejectCommon: Type.Boolean({ default: policy.rejectCommon }),
        rejectUserName: Type.Boolean({ default: policy.rejectUserName }),
        rejectRepetitive: Type.Boolean({ default: policy.rejectRepetitive }),
        historyCount: Type.Integer({ minimum: 0, default: policy.historyCount }),
        lockoutFailures: Type.Integer({ minimum: 0, default: policy.lockoutFailures }),
        lockoutSeconds: Type.Integer({ minimum: 1, default: policy.lockoutSeconds }),
      },
      { additionalProperties: false, default: {} },
    ),
    passwordHashCost: HashCostSettings,
    loginThrottle: LoginThrottleSettings,
  }),
  (settings) => {
    const passwordPolicy: PasswordPolicy = settings.passwordPolicy;
    const problem = policyProblem(passwordPolicy);
    if (problem) throw new ConfigError(problem);
    return {
      tokenTtlSeconds: settings.tokenTtlSeconds,
      passwordPolicy,
      passwordHashCost: settings.passwordHashCost,
      loginThrottle: settings.loginThrottle,
    };
  },
);

export type IdentityConfig = SectionConfig<typeof IDENTITY_CONFIG>;
