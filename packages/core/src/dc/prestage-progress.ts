import type { DcPrestageOffer, DcPrestageState, DcPrestageStatus } from '../contract/dc-prestage.js';
import { AppError, conflict, invalid } from '../errors/app-error.js';
import { RELEASE_ID } from '../software/release-metadata.js';

/**
 * The arithmetic of a prestaged bundle's chunks, the same on a real subcloud, a hollow one and the system controller:
 * how many chunks a bundle has, how long chunk i is, which chunk comes next after so many bytes, and the status
 * document a subcloud answers.
 */

/** The number of chunks of a bundle of `size` bytes. */
export function prestageChunkCount(size: number, chunkBytes: number): number {
  return Math.ceil(size / chunkBytes);
}

/** The length of chunk `index`: `chunkBytes`, but the last holds what remains. */
export function prestageChunkLength(size: number, chunkBytes: number, index: number): number {
  return Math.max(0, Math.min(chunkBytes, size - index * chunkBytes));
}

/**
 * Where a transfer resumes from a staging file of `fileLength` bytes: at the last whole chunk (a chunk cut in the
 * middle of its write, the process killed, is not one). A file that holds every byte was cut between the last chunk's
 * write and the bundle's checks: its last chunk is taken again, and its arrival checks the bundle.
 */
export function prestageResumeBytes(fileLength: number, size: number, chunkBytes: number): number {
  return Math.floor(Math.min(fileLength, size - 1) / chunkBytes) * chunkBytes;
}

/** The chunk a subcloud takes next once it holds `receivedBytes` (whole chunks) of the bundle. */
export function prestageNextChunk(receivedBytes: number, size: number, chunkBytes: number): number {
  return receivedBytes >= size ? prestageChunkCount(size, chunkBytes) : Math.floor(receivedBytes / chunkBytes);
}

/** Whether two offers describe the same bytes sent the same way (a transfer of one resumes the other). */
export function samePrestageOffer(a: DcPrestageOffer, b: DcPrestageOffer): boolean {
  return a.size === b.size && a.sha256 === b.sha256 && a.chunk_bytes === b.chunk_bytes;
}

/** What a subcloud keeps of a transfer: the offer, where it stands and, once failed, why. */
export interface PrestageRecord {
  readonly releaseId: string;
  readonly offer: DcPrestageOffer;
  readonly state: DcPrestageState;
  /** Whole chunks kept (the size once complete, 0 once failed: the bytes are gone). */
  readonly receivedBytes: number;
  readonly reason: string | null;
}

/** The status document of a transfer. */
export function prestageStatus(record: PrestageRecord): DcPrestageStatus {
  const { offer } = record;
  return {
    release_id: record.releaseId,
    state: record.state,
    size: offer.size,
    sha256: offer.sha256,
    chunk_bytes: offer.chunk_bytes,
    received_bytes: record.receivedBytes,
    next_chunk: prestageNextChunk(record.receivedBytes, offer.size, offer.chunk_bytes),
    reason: record.reason,
  };
}

/** Why an offer is refused before anything else is looked at: a release id that is not one (400), too large (413). */
export function prestageOfferRefusal(
  releaseId: string,
  offer: DcPrestageOffer,
  maxBundleBytes: number,
): AppError | null {
  const id = prestageReleaseIdRefusal(releaseId);
  if (id) return id;
  if (offer.size <= maxBundleBytes) return null;
  return new AppError('PAYLOAD_TOO_LARGE', `the bundle of ${offer.size} bytes is larger than this controller's limit of ${maxBundleBytes} bytes`, { field: 'size' });
}

/** The refusal of a path's release id that is not one (it names a file of the subcloud's). */
export function prestageReleaseIdRefusal(releaseId: string): AppError | null {
  if (RELEASE_ID.test(releaseId)) return null;
  return invalid(`release id ${JSON.stringify(releaseId)} must be 1 to 128 letters, digits, '.', '_' or '-'`, { field: 'release_id' });
}

/**
 * What an offer makes of a transfer: `complete` at once when the subcloud holds the release with the offered hash
 * (`heldSha256`, null when it does not hold it; another hash: 409), the transfer as it stands when the same bytes are
 * offered again while receiving (`begin` false), else a transfer from chunk 0 (`begin` true: any bytes are dropped).
 */
export function prestageOffered(
  releaseId: string,
  offer: DcPrestageOffer,
  existing: PrestageRecord | undefined,
  heldSha256: string | null,
): { readonly record: PrestageRecord; readonly begin: boolean } {
  if (heldSha256 !== null) {
    if (heldSha256 !== offer.sha256) {
      throw conflict(`release ${releaseId} is held already with SHA-256 ${heldSha256}; delete it (software delete) to prestage other bytes`, { field: 'sha256' });
    }
    return { record: { releaseId, offer, state: 'complete', receivedBytes: offer.size, reason: null }, begin: false };
  }
  if (existing?.state === 'receiving' && samePrestageOffer(existing.offer, offer)) return { record: existing, begin: false };
  return { record: { releaseId, offer, state: 'receiving', receivedBytes: 0, reason: null }, begin: true };
}

/** Where a transfer stands, in words, for a refusal's message. */
function standing(record: PrestageRecord): string {
  const status = prestageStatus(record);
  if (record.state === 'complete') return `release ${record.releaseId} is prestaged already (${status.next_chunk} chunks)`;
  if (record.state === 'failed') return `the prestage of ${record.releaseId} failed (${record.reason ?? 'no reason'}); offer it again`;
  return `release ${record.releaseId} takes chunk ${status.next_chunk} next (${status.received_bytes} of ${status.size} bytes kept)`;
}

/**
 * Why chunk `index` of `length` bytes may not be kept now, or null when it may: another index than the next (409,
 * saying where the transfer stands), a transfer that is not receiving (409), or a wrong length (400). The hash is
 * checked by the caller, who has the bytes.
 */
export function prestageChunkRefusal(record: PrestageRecord, index: number, length: number): AppError | null {
  const status = prestageStatus(record);
  const where = { next_chunk: status.next_chunk, received_bytes: status.received_bytes };
  if (record.state !== 'receiving') return conflict(`chunk ${index} refused: ${standing(record)}`, { field: 'index', ...where });
  if (index !== status.next_chunk) return conflict(`chunk ${index} refused: ${standing(record)}`, { field: 'index', ...where });
  const expected = prestageChunkLength(record.offer.size, record.offer.chunk_bytes, index);
  if (length !== expected) {
    return invalid(`chunk ${index} is ${length} bytes; it must be ${expected} (chunk_bytes ${record.offer.chunk_bytes}, size ${record.offer.size})`, { field: 'body' });
  }
  return null;
}

/** The refusal of a chunk whose bytes do not have the SHA-256 sent with them: nothing of it is kept. */
export function prestageChunkHashRefusal(index: number, sent: string, actual: string): AppError {
  return new AppError('UNPROCESSABLE', `chunk ${index} does not have the SHA-256 sent with it (${sent}); its bytes hash to ${actual} and were not kept`, { field: 'x-chunk-sha256' });
}

/** The refusal of a bundle once whole (its hash, its signature, its metadata): the transfer failed for `reason`. */
export function prestageFailure(releaseId: string, reason: string): AppError {
  return new AppError('UNPROCESSABLE', `release ${releaseId} was not kept: ${reason}`, { field: 'bundle', state: 'failed' });
}

/** The reason a whole bundle is refused when its bytes are not those offered. */
export function prestageBundleHashReason(offered: string, actual: string): string {
  return `the bundle's SHA-256 is ${actual}, not the ${offered} offered; its bytes were discarded`;
}
