import { hash, randomBytes } from 'node:crypto';

/** A new bearer token: 256 random bits, URL-safe. Shown to its holder once, never stored. */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form of a token the database keeps. */
export function tokenHash(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** A short random id that names a token in audit records without revealing it (Keystone's audit_ids). */
export function newAuditId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** Keystone-style object id: 32 hex digits. */
export function newKeystoneId(): string {
  return randomBytes(16).toString('hex');
}
