export { buildBundle, verifyBundle, DEFAULT_LIMITS, METADATA_FILE, MANIFEST_FILE, SIGNATURE_FILE } from './release-bundle.js';
export type { VerifiedRelease } from './release-bundle.js';
export { newSigningKeyPair, publicKeyOf, signBytes, verifyBytes } from './signing-key.js';
export type { SigningKeyPair } from './signing-key.js';
export { safePath } from './archive-file.js';
export type { ArchiveFile, ArchiveLimits } from './archive-file.js';
export { readTar } from './read-tar.js';
export { writeTar } from './write-tar.js';
