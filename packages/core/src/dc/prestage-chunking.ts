/** The header that carries a prestage chunk's SHA-256 (lower-case hex). */
export const PRESTAGE_CHUNK_SHA256_HEADER = 'x-chunk-sha256';
/** The chunk size a system controller uses unless configured otherwise: 1 MiB. */
export const PRESTAGE_DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** The bounds of a chunk's size. */
export const PRESTAGE_MIN_CHUNK_BYTES = 64 * 1024;
export const PRESTAGE_MAX_CHUNK_BYTES = 8 * 1024 * 1024;
