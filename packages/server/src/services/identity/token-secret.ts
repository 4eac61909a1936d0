import { hash, randomBytes } from 'node:crypto';

/**
 * `bytes` random bytes as URL-safe text that never begins with '-': a secret an operator passes
 * on a command line (`openstack token revoke <token>`, `--password <p>`) must not read as an option.
 */
export function commandLineSafeSecret(bytes: number): string {
  const text = randomBytes(bytes).toString('base64url');
  return text.startsWith('-') ? `_${text.slice(1)}` : text;
}

/** A new bearer token: 256 random bits less a fraction of one, URL-safe. Shown to its holder once, never stored. */
export function newTokenSecret(): string {
  return commandLineSafeSecret(32);
}

/** The only form of a token the database keeps. */
export function tokenHash(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** A short random id that names a token in audit records without revealing it (Keystone's audit_ids). */
export function newAuditId(): string {
  return commandLineSafeSecret(16).slice(0, 22);
}

/** Keystone-style object id: 32 hex digits. */
export function newKeystoneId(): string {
  return randomBytes(16).toString('hex');
}
