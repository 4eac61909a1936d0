import { DcAgentApi } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import { DcPrestageStatus, PRESTAGE_MIN_CHUNK_BYTES, type DcPrestageOffer } from '@murmuration/core/contract/dc-prestage';
import type { ReleaseObject } from '@murmuration/core/contract/software';
import { buildBundle, newSigningKeyPair } from '@murmuration/release';
import { createHash, randomBytes } from 'node:crypto';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { expect } from 'vitest';

/**
 * Prestaging on the subcloud side as a system controller sees it, checked through the client it uses (`DcAgentApi`)
 * against any URL: a real controller or a hollow subcloud, held to the same wire (`core/src/contract/dc-prestage.ts`).
 */
export interface DcPrestageTarget {
  /** The subcloud's base URL. */
  readonly baseUrl: string;
  /** A token of its service account (what a join answered, logged in). */
  readonly token: string;
  /** The private key (PEM) of the key the subcloud's releases must be signed with. */
  readonly signingKeyPem: string;
  /** Release ids start with it (default `prestage`), so that one subcloud may be checked twice. */
  readonly prefix?: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function expectSchema(schema: TSchema, value: unknown, what: string): void {
  const errors = [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.instancePath} ${e.message}`);
  expect(errors, `${what} does not follow the contract`).toEqual([]);
}

/** The refusal a call ends in (the client's AppError, its HTTP status in `details.status`). */
async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return { status: Number(error.details?.['status'] ?? error.status), message: error.message };
    throw error;
  }
  throw new Error('expected a refusal, the call succeeded');
}

/**
 * A signed release bundle with a payload of `payloadBytes` random (incompressible) bytes, so that it spans several
 * chunks.
 */
export function prestageBundle(id: string, privateKeyPem: string, payloadBytes: number): Uint8Array {
  const version = id.split('-').at(-1)!;
  const files = [
    { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version, summary: `${id}, prestaged` })) },
    { path: 'payload/data', data: randomBytes(payloadBytes) },
  ];
  return buildBundle(files, privateKeyPem).bundle;
}

/** The offer of a bundle in chunks of `chunkBytes`, and its chunks with their hashes. */
function chunked(bundle: Uint8Array, chunkBytes = PRESTAGE_MIN_CHUNK_BYTES) {
  const offer: DcPrestageOffer = { size: bundle.length, sha256: sha256(bundle), chunk_bytes: chunkBytes };
  const chunks: { bytes: Uint8Array; sha256: string }[] = [];
  for (let at = 0; at < bundle.length; at += chunkBytes) {
    const bytes = bundle.subarray(at, at + chunkBytes);
    chunks.push({ bytes, sha256: sha256(bytes) });
  }
  return { offer, chunks };
}

/**
 * Runs the checks in order: an unknown transfer is 404, an anonymous offer 401, a bad offer 400; an offer answers
 * chunk 0, chunks out of order are 409, a wrong hash 422 and a wrong length 400 with nothing kept; an offer again
 * resumes where the chunks stopped; the last chunk completes it and the release is listed available, and an offer of
 * it again is complete at once, of other bytes 409; a bundle with a bad signature fails (422, listed failed with its
 * reason, no release); an offer of other bytes while receiving starts again from chunk 0; a discarded transfer is
 * gone.
 */
export async function dcPrestageContract(target: DcPrestageTarget): Promise<void> {
  const api = new DcAgentApi(target.baseUrl);
  const options = { token: target.token };
  const prefix = target.prefix ?? 'prestage';
  const good = `${prefix}-good-1.0.1`;
  const bad = `${prefix}-bad-1.0.2`;
  const again = `${prefix}-again-1.0.3`;
  const usmList = async (): Promise<ReleaseObject[]> => {
    const response = await fetch(`${target.baseUrl.replace(/\/+$/, '')}/usm/v1/release`, { headers: { 'x-auth-token': target.token } });
    expect(response.status).toBe(200);
    return (await response.json()) as ReleaseObject[];
  };
  const send = (id: string, index: number, chunk: { bytes: Uint8Array; sha256: string }) =>
    api.sendPrestageChunk(id, index, chunk.bytes, chunk.sha256, options);

  expect((await refusal(api.prestageStatus(good, options))).status, 'nothing offered').toBe(404);
  const { offer, chunks } = chunked(prestageBundle(good, target.signingKeyPem, 5 * PRESTAGE_MIN_CHUNK_BYTES + 1000));
  expect(chunks.length).toBeGreaterThanOrEqual(5);
  expect((await refusal(api.offerPrestage(good, offer, { token: '' }))).status, 'an offer without a token').toBe(401);
  expect((await refusal(api.offerPrestage(good, { ...offer, chunk_bytes: 1024 }, options))).status, 'chunks too small').toBe(400);
  expect((await refusal(api.offerPrestage('../escape', offer, options))).status, 'a release id that is not one').toBe(400);

  // The offer, the chunks in order; refusals keep nothing.
  const offered = await api.offerPrestage(good, offer, options);
  expectSchema(DcPrestageStatus, offered, 'the offer answer');
  expect(offered).toEqual({ release_id: good, state: 'receiving', ...offer, received_bytes: 0, next_chunk: 0, reason: null });
  const early = await refusal(send(good, 1, chunks[1]!));
  expect(early.status, 'a chunk out of order').toBe(409);
  expect(early.message, 'the refusal says where the transfer stands').toContain('chunk 0');
  expect((await refusal(api.sendPrestageChunk(good, 0, chunks[0]!.bytes, sha256(chunks[1]!.bytes), options))).status, 'a wrong hash').toBe(422);
  const short = chunks[0]!.bytes.subarray(1);
  expect((await refusal(api.sendPrestageChunk(good, 0, short, sha256(short), options))).status, 'a short chunk').toBe(400);
  expect((await api.prestageStatus(good, options)).next_chunk, 'nothing was kept of the refused chunks').toBe(0);
  expect((await send(good, 0, chunks[0]!)).next_chunk).toBe(1);
  const second = await send(good, 1, chunks[1]!);
  expectSchema(DcPrestageStatus, second, 'a chunk answer');
  expect(second).toMatchObject({ state: 'receiving', next_chunk: 2, received_bytes: 2 * offer.chunk_bytes });
  expect((await refusal(send(good, 1, chunks[1]!))).status, 'a chunk sent twice').toBe(409);

  // The transfer cut here resumes where it stopped.
  expect(await api.offerPrestage(good, offer, options)).toMatchObject({ state: 'receiving', next_chunk: 2 });
  const listed = await api.listPrestages(target.token);
  for (const status of listed) expectSchema(DcPrestageStatus, status, 'a listed prestage');
  expect(listed.find((s) => s.release_id === good)).toMatchObject({ state: 'receiving', next_chunk: 2 });
  let last: DcPrestageStatus = second;
  for (let i = 2; i < chunks.length; i++) last = await send(good, i, chunks[i]!);
  expect(last).toEqual({ release_id: good, state: 'complete', ...offer, received_bytes: offer.size, next_chunk: chunks.length, reason: null });
  const kept = (await usmList()).find((r) => r.release_id === good);
  expect(kept?.state, 'the prestaged release is available').toBe('available');
  expect(await api.offerPrestage(good, offer, options), 'the same bytes again').toMatchObject({ state: 'complete', next_chunk: chunks.length });
  expect((await refusal(send(good, chunks.length, chunks[0]!))).status, 'a chunk of a complete transfer').toBe(409);
  const other = { ...offer, sha256: 'f'.repeat(64) };
  expect((await refusal(api.offerPrestage(good, other, options))).status, 'other bytes for a release held').toBe(409);

  // A bundle signed with another key: refused once whole, its bytes discarded, no release.
  const forged = chunked(prestageBundle(bad, newSigningKeyPair().privateKeyPem, 2 * PRESTAGE_MIN_CHUNK_BYTES));
  await api.offerPrestage(bad, forged.offer, options);
  for (let i = 0; i < forged.chunks.length - 1; i++) await send(bad, i, forged.chunks[i]!);
  const refused = await refusal(send(bad, forged.chunks.length - 1, forged.chunks.at(-1)!));
  expect(refused.status, 'a bundle with a bad signature').toBe(422);
  expect(refused.message).toMatch(/signature/);
  const failed = await api.prestageStatus(bad, options);
  expectSchema(DcPrestageStatus, failed, 'a failed prestage');
  expect(failed.state).toBe('failed');
  expect(failed.reason).toMatch(/signature/);
  expect((await usmList()).map((r) => r.release_id), 'a refused bundle is no release').not.toContain(bad);
  expect((await refusal(send(bad, 0, forged.chunks[0]!))).status, 'a chunk of a failed transfer').toBe(409);

  // Other bytes offered while receiving: from chunk 0 again.
  const first = chunked(prestageBundle(again, target.signingKeyPem, 2 * PRESTAGE_MIN_CHUNK_BYTES));
  await api.offerPrestage(again, first.offer, options);
  await send(again, 0, first.chunks[0]!);
  const rebuilt = chunked(prestageBundle(again, target.signingKeyPem, 3 * PRESTAGE_MIN_CHUNK_BYTES));
  expect(await api.offerPrestage(again, rebuilt.offer, options), 'other bytes restart').toMatchObject({
    state: 'receiving', sha256: rebuilt.offer.sha256, next_chunk: 0, received_bytes: 0,
  });
  await send(again, 0, rebuilt.chunks[0]!);
  await api.dropPrestage(again, target.token);
  expect((await refusal(api.prestageStatus(again, options))).status, 'a discarded transfer').toBe(404);
  expect((await refusal(send(again, 1, rebuilt.chunks[1]!))).status, 'a chunk of a discarded transfer').toBe(404);
  await api.dropPrestage(again, target.token);
}
