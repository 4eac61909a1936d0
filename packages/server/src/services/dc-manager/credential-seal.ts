import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The key file, in the data directory: 32 random bytes, mode 0600, made at first use. */
export const CREDENTIAL_KEY_FILE = 'dc-credential.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';
/** Binds every sealed text to its use, so that it cannot be passed off as another kind of secret. */
const AAD = Buffer.from('murmur subcloud credential v1');

/** Seals secrets at rest (AES-256-GCM) under the data directory's key. */
export interface CredentialSeal {
  seal(plain: string): string;
  /** The secret again; throws when the text was not sealed under this key or was altered. */
  unseal(sealed: string): string;
}

function readKey(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); it must be mode 0600`);
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) throw new Error(`${file} is not a key of ${KEY_BYTES} bytes`);
  return key;
}

/** The key in `file`, made (exclusively, mode 0600) when there is none yet. */
function loadOrCreateKey(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    throw error;
  }
  try {
    writeSync(fd, randomBytes(KEY_BYTES));
  } finally {
    closeSync(fd);
  }
  return readKey(file);
}

/**
 * The seal of a data directory. The key is read, or made, when the first secret is sealed or
 * unsealed: a controller that never adds a subcloud never has one. Sealed text is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export function credentialSeal(dataDir: string): CredentialSeal {
  const file = path.join(dataDir, CREDENTIAL_KEY_FILE);
  let key: Buffer | null = null;
  const current = (): Buffer => (key ??= loadOrCreateKey(file));
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current(), iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    unseal(sealed) {
      const [version, iv, tag, body, extra] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || extra !== undefined) {
        throw new Error('not a sealed credential');
      }
      const decipher = createDecipheriv('aes-256-gcm', current(), Buffer.from(iv, 'base64url')).setAAD(AAD);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
