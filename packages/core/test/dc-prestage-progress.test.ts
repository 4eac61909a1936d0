import {
  prestageChunkCount, prestageChunkLength, prestageChunkRefusal, prestageNextChunk, prestageOffered,
  prestageOfferRefusal, prestageResumeBytes, type PrestageRecord,
} from '@murmuration/core/dc';
import { describe, expect, it } from 'vitest';

const offer = { size: 250, sha256: 'a'.repeat(64), chunk_bytes: 100 };
const receiving = (receivedBytes: number): PrestageRecord =>
  ({ releaseId: 'r-1.0', offer, state: 'receiving', receivedBytes, reason: null });

describe('prestage chunk arithmetic', () => {
  it('counts chunks, the last holding what remains', () => {
    expect([prestageChunkCount(250, 100), prestageChunkCount(200, 100), prestageChunkCount(1, 100)]).toEqual([3, 2, 1]);
    expect([0, 1, 2, 3].map((i) => prestageChunkLength(250, 100, i))).toEqual([100, 100, 50, 0]);
    expect([0, 100, 200, 250].map((b) => prestageNextChunk(b, 250, 100))).toEqual([0, 1, 2, 3]);
  });

  it('resumes at the last whole chunk of a file, and takes the last chunk again when every byte is there', () => {
    const lengths = [0, 99, 100, 199, 200, 249];
    expect(lengths.map((n) => prestageResumeBytes(n, 250, 100))).toEqual([0, 0, 100, 100, 200, 200]);
    expect(prestageResumeBytes(250, 250, 100), 'whole, never checked').toBe(200);
    expect(prestageResumeBytes(300, 250, 100), 'longer than the bundle').toBe(200);
    expect(prestageResumeBytes(200, 200, 100), 'whole, chunks of equal length').toBe(100);
  });

  it('refuses a chunk out of order (409), of the wrong length (400), of a transfer that is not receiving (409)', () => {
    expect(prestageChunkRefusal(receiving(100), 1, 100)).toBeNull();
    expect(prestageChunkRefusal(receiving(200), 2, 50)).toBeNull();
    const early = prestageChunkRefusal(receiving(100), 2, 50);
    expect([early?.code, early?.message]).toEqual(['CONFLICT', 'chunk 2 refused: release r-1.0 takes chunk 1 next (100 of 250 bytes kept)']);
    expect(prestageChunkRefusal(receiving(200), 2, 100)?.code).toBe('INVALID_INPUT');
    expect(prestageChunkRefusal({ ...receiving(0), state: 'failed', reason: 'bad' }, 0, 100)?.code).toBe('CONFLICT');
  });

  it('makes of an offer: complete when held with its hash, the transfer again when the same, else from chunk 0', () => {
    expect(prestageOffered('r-1.0', offer, undefined, offer.sha256).record.state).toBe('complete');
    expect(() => prestageOffered('r-1.0', offer, undefined, 'b'.repeat(64))).toThrow(/held already/);
    expect(prestageOffered('r-1.0', offer, receiving(200), null)).toEqual({ record: receiving(200), begin: false });
    expect(prestageOffered('r-1.0', { ...offer, chunk_bytes: 125 }, receiving(200), null)).toMatchObject({ record: { receivedBytes: 0 }, begin: true });
    expect(prestageOffered('r-1.0', offer, { ...receiving(0), state: 'failed', reason: 'x' }, null).begin).toBe(true);
    expect(prestageOfferRefusal('r-1.0', offer, 249)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(prestageOfferRefusal('../r', offer, 1000)?.code).toBe('INVALID_INPUT');
    expect(prestageOfferRefusal('r-1.0', offer, 250)).toBeNull();
  });
});
