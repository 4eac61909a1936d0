import { canonicalJson } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of a text or of bytes. */
export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of one endpoint type's synced resources: the SHA-256 of their canonical JSON. */
export function syncDigest(input: unknown): string {
  return sha256Hex(canonicalJson(input));
}
