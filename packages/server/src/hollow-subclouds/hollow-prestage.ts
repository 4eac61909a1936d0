import { isAppError, notFound } from '@murmuration/core/common';
import type { DcPrestageOffer, DcPrestageStatus } from '@murmuration/core/contract/dc-prestage';
import {
  prestageBundleHashReason, prestageChunkHashRefusal, prestageChunkRefusal, prestageFailure, prestageOffered,
  prestageOfferRefusal, prestageStatus, type PrestageRecord,
} from '@murmuration/core/dc';
import { sha256Hex } from '../services/dc-agent/index.js';
import type { HollowFleet } from './hollow-fleet.js';
import { findRelease, uploadRelease } from './hollow-releases.js';
import type { HollowPrestage, HollowSubcloud } from './hollow-subcloud.js';
import { HOLLOW_BUNDLE_LIMIT_BYTES } from './hollow-usm-api.js';

/**
 * Prestaging on a hollow subcloud, by a real subcloud's rules (the same core arithmetic and refusals): the chunks are
 * kept in memory while the bundle is received, then its hash and (with the fleet's key) its signature are checked and
 * it is held as an available release. What a hollow subcloud holds survives its being killed and revived (it is the
 * same process), as a real subcloud's staging files survive its restart.
 */

function prestagesOf(subcloud: HollowSubcloud): Map<string, HollowPrestage> {
  subcloud.prestages ??= new Map();
  return subcloud.prestages;
}

/** A transfer worth reporting: a complete one whose release is no longer held is forgotten, as a real one's is. */
function current(subcloud: HollowSubcloud, releaseId: string): HollowPrestage | undefined {
  const prestage = subcloud.prestages?.get(releaseId);
  if (prestage?.record.state === 'complete' && !findRelease(subcloud, releaseId)) {
    subcloud.prestages!.delete(releaseId);
    return undefined;
  }
  return prestage;
}

function keep(subcloud: HollowSubcloud, record: PrestageRecord, chunks: Buffer[] = []): DcPrestageStatus {
  prestagesOf(subcloud).set(record.releaseId, { record, chunks });
  return prestageStatus(record);
}

export function offerHollowPrestage(
  subcloud: HollowSubcloud,
  releaseId: string,
  offer: DcPrestageOffer,
): DcPrestageStatus {
  const refusal = prestageOfferRefusal(releaseId, offer, HOLLOW_BUNDLE_LIMIT_BYTES);
  if (refusal) throw refusal;
  const held = findRelease(subcloud, releaseId);
  // A release the control API gave has no bytes of its own: it is taken to be the one offered.
  const heldSha256 = held ? (held.sha256 ?? offer.sha256) : null;
  const existing = subcloud.prestages?.get(releaseId);
  const { record, begin } = prestageOffered(releaseId, offer, existing?.record, heldSha256);
  return keep(subcloud, record, begin || record.state !== 'receiving' ? [] : existing!.chunks);
}

export function hollowPrestageStatus(subcloud: HollowSubcloud, releaseId: string): DcPrestageStatus {
  const prestage = current(subcloud, releaseId);
  if (!prestage) throw notFound(`no prestage of release ${releaseId} was offered`, { release: releaseId });
  return prestageStatus(prestage.record);
}

export function listHollowPrestages(subcloud: HollowSubcloud): DcPrestageStatus[] {
  const ids = [...(subcloud.prestages?.keys() ?? [])].sort();
  return ids.flatMap((id) => {
    const prestage = current(subcloud, id);
    return prestage ? [prestageStatus(prestage.record)] : [];
  });
}

/** Keeps chunk `index` by a real subcloud's rules; after the last, checks the bundle and holds the release. */
export function receiveHollowChunk(
  fleet: HollowFleet,
  subcloud: HollowSubcloud,
  releaseId: string,
  index: number,
  bytes: Buffer,
  sha256: string,
): DcPrestageStatus {
  const prestage = subcloud.prestages?.get(releaseId);
  if (!prestage) throw notFound(`no prestage of release ${releaseId} was offered: offer it first`, { release: releaseId });
  const { record } = prestage;
  const refusal = prestageChunkRefusal(record, index, bytes.length);
  if (refusal) throw refusal;
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw prestageChunkHashRefusal(index, sha256, actual);
  fleet.stats.prestageChunkKept(subcloud.index);
  const chunks = prestage.chunks;
  chunks.push(bytes);
  const receivedBytes = record.receivedBytes + bytes.length;
  if (receivedBytes < record.offer.size) return keep(subcloud, { ...record, receivedBytes }, chunks);

  const bundle = Buffer.concat(chunks);
  const whole = sha256Hex(bundle);
  const { sha256: offered } = record.offer;
  let reason: string | null = whole === offered ? null : prestageBundleHashReason(offered, whole);
  if (reason === null) {
    try {
      uploadRelease(subcloud, bundle, fleet.releasePublicKey, releaseId);
    } catch (error) {
      if (!isAppError(error)) throw error;
      reason = error.message;
    }
  }
  if (reason === null) {
    fleet.stats.prestageCompleted(subcloud.index);
    return keep(subcloud, { ...record, state: 'complete', receivedBytes: record.offer.size, reason: null });
  }
  keep(subcloud, { ...record, state: 'failed', receivedBytes: 0, reason });
  throw prestageFailure(releaseId, reason);
}

export function dropHollowPrestage(subcloud: HollowSubcloud, releaseId: string): void {
  subcloud.prestages?.delete(releaseId);
}
