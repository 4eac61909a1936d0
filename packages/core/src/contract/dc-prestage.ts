import Type, { type Static } from 'typebox';
import { PRESTAGE_MAX_CHUNK_BYTES, PRESTAGE_MIN_CHUNK_BYTES } from '../dc/prestage-chunking.js';

/**
 * Prestaging on the subcloud side (`/dcagent/v1/prestage/{release_id}`): a release bundle crosses the WAN link in
 * chunks, each checked by its hash as it arrives and kept durably before it is acknowledged, so that a transfer cut
 * in the middle (the link, the subcloud or the system controller gone) resumes at the first chunk not yet kept.
 * Once the last chunk is in, the subcloud checks the whole bundle's hash and its signature, then keeps it as an
 * available release (as `software upload` would). A hollow subcloud serves the same documents.
 *
 * The exchange, all with the service account's token (admin role):
 * - `PUT /dcagent/v1/prestage/{release_id}` with a {@link DcPrestageOffer}: declares the bundle. Answers its
 *   {@link DcPrestageStatus}: where an earlier transfer of the same bundle stopped (`next_chunk`), `complete` at once
 *   when the subcloud already holds the release with that hash. An offer of other bytes (another size, hash or chunk
 *   size) for a release that is still being received starts it again from chunk 0; for a release the subcloud holds
 *   with another hash it is refused (409).
 * - `GET /dcagent/v1/prestage/{release_id}`: the status (404 when nothing was offered).
 * - `PUT /dcagent/v1/prestage/{release_id}/chunks/{index}` with the chunk's bytes (`application/octet-stream`) and its
 *   SHA-256 in {@link PRESTAGE_CHUNK_SHA256_HEADER}: kept when it is chunk `next_chunk` (another index: 409 with the
 *   status unchanged), its length is `chunk_bytes` (the last: what remains) (400), and its hash matches (422, nothing
 *   kept). Answers the status; after the last chunk `complete`, or `failed` with the reason (the whole hash or the
 *   signature did not hold; the bytes are discarded, answered 422).
 * - `DELETE /dcagent/v1/prestage/{release_id}`: discards a partial transfer (204; the release itself, once kept, is
 *   deleted as any release is, through USM).
 */

export {
  PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_DEFAULT_CHUNK_BYTES, PRESTAGE_MAX_CHUNK_BYTES, PRESTAGE_MIN_CHUNK_BYTES,
} from '../dc/prestage-chunking.js';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** `PUT /dcagent/v1/prestage/{release_id}`: the bundle about to be sent. */
export const DcPrestageOffer = Type.Object(
  {
    /** The bundle's length in bytes. */
    size: Type.Integer({ minimum: 1 }),
    /** SHA-256 of the whole bundle. */
    sha256: Sha256,
    chunk_bytes: Type.Integer({ minimum: PRESTAGE_MIN_CHUNK_BYTES, maximum: PRESTAGE_MAX_CHUNK_BYTES }),
  },
  { additionalProperties: false },
);
export type DcPrestageOffer = Static<typeof DcPrestageOffer>;

export const DC_PRESTAGE_STATES = ['receiving', 'complete', 'failed'] as const;
export type DcPrestageState = (typeof DC_PRESTAGE_STATES)[number];

/** Where a prestaged bundle stands on the subcloud. */
export const DcPrestageStatus = Type.Object(
  {
    release_id: Type.String({ maxLength: 255 }),
    state: Type.Enum(DC_PRESTAGE_STATES),
    size: Type.Integer({ minimum: 0 }),
    sha256: Sha256,
    chunk_bytes: Type.Integer({ minimum: 0 }),
    /** Bytes kept so far (every chunk before `next_chunk`). */
    received_bytes: Type.Integer({ minimum: 0 }),
    /** The chunk the subcloud takes next; the number of chunks once complete. */
    next_chunk: Type.Integer({ minimum: 0 }),
    /** Why it failed (hash or signature), else null. */
    reason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DcPrestageStatus = Static<typeof DcPrestageStatus>;

/** `GET /dcagent/v1/prestage`: every transfer the subcloud keeps a record of. */
export const DcPrestageCollection = Type.Object(
  { prestages: Type.Array(DcPrestageStatus) },
  { additionalProperties: false },
);
export type DcPrestageCollection = Static<typeof DcPrestageCollection>;
