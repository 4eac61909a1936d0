import { AppError } from '@murmuration/core/common';
import { readReleaseMetadata, type ReleaseMetadata } from '@murmuration/core/software';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { verifyBytes, signBytes } from './signing-key.js';
import { safePath, type ArchiveFile, type ArchiveLimits } from './archive-file.js';
import { readTar } from './read-tar.js';
import { writeTar } from './write-tar.js';

export const METADATA_FILE = 'metadata.json';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature';

/** A release bundle that passed every check: its metadata and its files, by path. */
export interface VerifiedRelease {
  readonly metadata: ReleaseMetadata;
  readonly files: ReadonlyMap<string, Buffer>;
  /** SHA-256 of the bundle as uploaded (hex). */
  readonly sha256: string;
}

export const DEFAULT_LIMITS: ArchiveLimits = { maxBytes: 512 * 1024 * 1024, maxFiles: 10_000 };

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const refuse = (message: string, field = 'archive'): AppError => new AppError('INVALID_INPUT', message, { field });

/** The manifest: every file of the release but the manifest and the signature, with its SHA-256. */
function manifestOf(files: readonly ArchiveFile[]): Buffer {
  const entries = Object.fromEntries(
    [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sha256(f.data)]),
  );
  return Buffer.from(`${JSON.stringify({ algorithm: 'sha256', files: entries }, null, 2)}\n`);
}

/**
 * Makes a signed bundle (gzip'd tar) of a release's files: `metadata.json` must be among them.
 * Adds the manifest of SHA-256 sums and its Ed25519 signature.
 */
export function buildBundle(
  files: readonly ArchiveFile[],
  privateKeyPem: string,
): { bundle: Buffer; metadata: ReleaseMetadata } {
  const normalised = files.map((f) => ({ path: safePath(f.path), data: f.data }));
  for (const reserved of [MANIFEST_FILE, SIGNATURE_FILE]) {
    if (normalised.some((f) => f.path === reserved)) throw refuse(`${reserved} is made by the build; leave it out of the release directory`);
  }
  const metadataFile = normalised.find((f) => f.path === METADATA_FILE);
  if (!metadataFile) throw refuse(`a release needs ${METADATA_FILE}`, 'metadata');
  const metadata = readReleaseMetadata(metadataFile.data.toString('utf8'));
  for (const hook of [metadata.hooks.preInstall, metadata.hooks.postInstall]) {
    if (hook !== null && !normalised.some((f) => f.path === hook)) throw refuse(`metadata.json names the hook ${hook}, which is not in the release`, 'hooks');
  }
  const manifest = manifestOf(normalised);
  const signature = Buffer.from(`${signBytes(privateKeyPem, manifest).toString('base64')}\n`);
  const ordered = [
    { path: METADATA_FILE, data: metadataFile.data },
    { path: MANIFEST_FILE, data: manifest },
    { path: SIGNATURE_FILE, data: signature },
    ...normalised.filter((f) => f.path !== METADATA_FILE),
  ];
  return { bundle: gzipSync(writeTar(ordered)), metadata };
}

/**
 * Opens a bundle and checks everything before anything is stored or installed: gzip and tar
 * well-formed and within limits, plain relative paths only, the signature of the manifest by
 * the platform key, every file's SHA-256 as the manifest says and no file missing or extra,
 * the metadata valid and its hooks present. Says what is wrong.
 */
export function verifyBundle(
  bundle: Buffer,
  publicKeyPem: string,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): VerifiedRelease {
  let tar: Buffer;
  try {
    tar = gunzipSync(bundle, { maxOutputLength: limits.maxBytes + limits.maxFiles * 1024 + 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `release archive: it unpacks to more than ${limits.maxBytes} bytes`, { field: 'archive' });
    throw refuse('release archive: it is not a gzip-compressed tar archive');
  }
  const files = new Map(readTar(tar, limits).map((f) => [f.path, f.data]));
  const manifestBytes = files.get(MANIFEST_FILE);
  const signature = files.get(SIGNATURE_FILE);
  if (!manifestBytes || !signature) throw refuse(`release archive: it has no ${manifestBytes ? SIGNATURE_FILE : MANIFEST_FILE}; build it with murmur software build-release`);
  if (!verifyBytes(publicKeyPem, manifestBytes, Buffer.from(signature.toString('latin1').trim(), 'base64'))) {
    throw refuse('release signature is not valid: the bundle was not signed with this platform\'s signing key, or its manifest was changed', 'signature');
  }
  let manifest: { algorithm?: unknown; files?: unknown };
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as typeof manifest;
  } catch {
    throw refuse('manifest.json is not JSON', 'manifest');
  }
  if (manifest.algorithm !== 'sha256' || typeof manifest.files !== 'object' || manifest.files === null) throw refuse('manifest.json must list files with their sha256', 'manifest');
  const listed = manifest.files as Record<string, unknown>;
  for (const [path, data] of files) {
    if (path === MANIFEST_FILE || path === SIGNATURE_FILE) continue;
    const expected = listed[path];
    if (expected === undefined) throw refuse(`${path} is in the archive but not in the signed manifest`, 'manifest');
    if (expected !== sha256(data)) throw refuse(`checksum mismatch: ${path} is not the file that was signed`, 'manifest');
  }
  for (const path of Object.keys(listed)) if (!files.has(path)) throw refuse(`${path} is in the signed manifest but missing from the archive`, 'manifest');
  const metadataBytes = files.get(METADATA_FILE);
  if (!metadataBytes) throw refuse(`release archive: it has no ${METADATA_FILE}`, 'metadata');
  const metadata = readReleaseMetadata(metadataBytes.toString('utf8'));
  for (const hook of [metadata.hooks.preInstall, metadata.hooks.postInstall]) {
    if (hook !== null && !files.has(hook)) throw refuse(`metadata.json names the hook ${hook}, which is not in the release`, 'hooks');
  }
  return { metadata, files, sha256: sha256(bundle) };
}
