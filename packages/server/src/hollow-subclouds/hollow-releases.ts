import { conflict, invalid } from '@murmuration/core/common';
import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { readReleaseMetadata, type ReleaseMetadata, type ReleaseState } from '@murmuration/core/software';
import { DEFAULT_LIMITS, METADATA_FILE, readTar, verifyBundle } from '@murmuration/release';
import { gunzipSync } from 'node:zlib';
import { sha256Hex } from '../services/dc-agent/index.js';
import type { HollowRelease, HollowSubcloud } from './hollow-subcloud.js';

/**
 * The releases of a hollow subcloud: what USM lists, what its audit reports, what a strategy
 * deploys. Kept in id order, as the real subcloud's audit lists them.
 */

/** The releases as the audit report and the software digest take them. */
export function releaseStates(subcloud: HollowSubcloud): SubcloudAuditReport['releases'] {
  return subcloud.releases.map((r) => ({ release_id: r.metadata.id, state: r.state }));
}

export function findRelease(subcloud: HollowSubcloud, id: string): HollowRelease | undefined {
  return subcloud.releases.find((r) => r.metadata.id === id);
}

/** Holds a release (in place of one of the same id); the audit answer is made again. */
export function putRelease(subcloud: HollowSubcloud, release: HollowRelease): void {
  const id = release.metadata.id;
  const others = subcloud.releases.filter((r) => r.metadata.id !== id);
  const at = others.findIndex((r) => r.metadata.id > id);
  others.splice(at === -1 ? others.length : at, 0, release);
  subcloud.releases = others;
  subcloud.answer = null;
}

export function setReleaseState(subcloud: HollowSubcloud, id: string, state: ReleaseState): void {
  const release = findRelease(subcloud, id);
  if (release && release.state !== state) putRelease(subcloud, { ...release, state });
}

/** A release the control API gives a subcloud (as if uploaded or prestaged): metadata from its id and version. */
export function givenRelease(id: string, version: string, state: ReleaseState): HollowRelease {
  return { metadata: readReleaseMetadata(JSON.stringify({ id, version })), state };
}

/**
 * What a bundle says of itself. With the public key the system controller signs its releases
 * with, every check a real subcloud makes (signature, checksums, metadata); without one, the
 * archive and its metadata only.
 */
function bundleMetadata(bundle: Buffer, publicKeyPem: string | null): ReleaseMetadata {
  if (publicKeyPem !== null) return verifyBundle(bundle, publicKeyPem).metadata;
  let tar: Buffer;
  try {
    tar = gunzipSync(bundle, { maxOutputLength: DEFAULT_LIMITS.maxBytes });
  } catch {
    throw invalid('release archive: it is not a gzip-compressed tar archive', { field: 'archive' });
  }
  const metadata = readTar(tar, DEFAULT_LIMITS).find((f) => f.path === METADATA_FILE);
  if (!metadata) throw invalid(`release archive: it has no ${METADATA_FILE}`, { field: 'metadata' });
  return readReleaseMetadata(metadata.data.toString('utf8'));
}

/**
 * `POST /usm/v1/upload` on a hollow subcloud: refuses what the real one refuses, keeps the release `available`. A
 * prestaged bundle must be the release it was offered as (`expectedId`).
 */
export function uploadRelease(
  subcloud: HollowSubcloud,
  bundle: Buffer,
  publicKeyPem: string | null,
  expectedId?: string,
): ReleaseMetadata {
  if (bundle.length === 0) throw invalid('the upload is empty: send the release bundle (.tar.gz) as the body', { field: 'archive' });
  const metadata = bundleMetadata(bundle, publicKeyPem);
  if (expectedId !== undefined && metadata.id !== expectedId) throw invalid(`the bundle is release ${metadata.id}, not ${expectedId}`, { field: 'id' });
  if (findRelease(subcloud, metadata.id)) throw conflict(`release ${metadata.id} already exists; delete it first to upload it again`, { field: 'id' });
  for (const required of metadata.requires) {
    if (!findRelease(subcloud, required)) throw invalid(`release ${metadata.id} requires ${required}, which has not been uploaded`, { field: 'requires' });
  }
  putRelease(subcloud, { metadata, state: 'available', sha256: sha256Hex(bundle) });
  return metadata;
}
