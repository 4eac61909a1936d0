import { newSigningKeyPair, publicKeyOf } from '@murmuration/release';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SIGNING_KEY_FILE = 'release-signing-key.pem';

/**
 * The platform's release signing key, kept in the data directory (mode 0600) and made on the
 * first start. `murmur software build-release --key <data dir>/release-signing-key.pem` signs with it.
 */
export function loadReleaseSigningKey(dataDir: string): { file: string; publicKeyPem: string } {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, newSigningKeyPair().privateKeyPem, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return { file, publicKeyPem: publicKeyOf(readFileSync(file, 'utf8')) };
}
