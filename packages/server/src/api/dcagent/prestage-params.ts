import { AppError } from '@murmuration/core/common';
import { PRESTAGE_CHUNK_SHA256_HEADER } from '@murmuration/core/contract/dc-prestage';
import { RELEASE_ID } from '@murmuration/core/software';
import Type from 'typebox';

/** The parts of a prestage request besides its body, as a real and a hollow subcloud check them. */

const ReleaseId = Type.String({ pattern: RELEASE_ID.source, description: 'release id' });
export const PrestageReleaseParam = Type.Object({ release_id: ReleaseId });
export const PrestageChunkParams = Type.Object({
  release_id: ReleaseId,
  index: Type.Integer({ minimum: 0, description: 'the chunk, from 0' }),
});
export const PrestageChunkHeaders = Type.Object({
  [PRESTAGE_CHUNK_SHA256_HEADER]: Type.String({ pattern: '^[0-9a-f]{64}$', description: "the chunk's SHA-256, lower-case hex" }),
});
/** A chunk's body is its bytes. */
export const PRESTAGE_CHUNK_CONTENT_TYPE = 'application/octet-stream';

/** The media type of a request (what its Content-Type names, without parameters), lower-case; '' without one. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The refusal of a chunk sent as another type than its bytes. */
export function chunkTypeRefusal(type: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', `a chunk is sent as ${PRESTAGE_CHUNK_CONTENT_TYPE}, not ${type || 'without a type'}`);
}
