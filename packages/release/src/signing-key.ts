import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** The key that signs releases (Ed25519), as PEM text. */
export interface SigningKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export function newSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The public half of a private key. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

export function signBytes(privateKeyPem: string, data: Buffer): Buffer {
  return sign(null, data, createPrivateKey(privateKeyPem));
}

export function verifyBytes(publicKey: string | KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey, signature);
  } catch {
    return false;
  }
}
