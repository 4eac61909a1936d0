import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let offset = pool.length;
let lastMs = 0;
let counter = 0;

function random(bytes: number): Buffer {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return out;
}

/**
 * A version-7 UUID (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps
 * ids of the same millisecond in order, then 62 random bits. Rows keyed by these are appended
 * at the end of their index instead of at random places, which keeps bulk inserts cheap.
 */
export function timeOrderedUuid(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = random(2).readUInt16BE(0) & 0x3ff;
  } else {
    counter += 1;
    if (counter > 0xfff) {
      // More than ~3,000 ids in one millisecond: borrow the next millisecond.
      lastMs += 1;
      counter = 0;
    }
  }
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes.writeUInt16BE(0x7000 | counter, 6);
  random(8).copy(bytes, 8);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
