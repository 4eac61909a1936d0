import { DcAgentApi, type FetchLike } from '@murmuration/client';
import { isAppError } from '@murmuration/core/common';
import type { DcPrestageStatus } from '@murmuration/core/contract/dc-prestage';
import type { PrestageProgress } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRange, type PrestageBundle } from './prestage-bundle.js';
import { pacer } from './prestage-pacer.js';

/** The subcloud a bundle goes to: its dcagent API's base URL and how to get its service account's token. */
export interface PrestageTarget {
  readonly url: string;
  /** A token of the service account; `renew` after the subcloud refused the one held. */
  token(renew: boolean): Promise<string>;
}

export interface PrestageTransferSettings {
  readonly chunkBytes: number;
  /** Per subcloud; 0: unlimited. */
  readonly bytesPerSecond: number;
  /** Attempts in a row that move nothing forward before the transfer fails. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** A transfer that cannot succeed by trying again (the subcloud refused the bundle, its hash or its signature). */
export class PrestageRefused extends Error {}

/** Codes a later attempt may get past: the subcloud restarting, its link down, a deadline passed. */
const PASSING = new Set(['UNAVAILABLE', 'INTERNAL', 'REQUEST_TIMEOUT', 'CONFLICT', 'UNAUTHENTICATED']);

const passing = (error: unknown): boolean =>
  isAppError(error) ? PASSING.has(error.code) : !(error instanceof PrestageRefused);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends a release bundle to a subcloud's dcagent API (`docs/dc-orchestration.md`, prestage): an offer (size,
 * SHA-256, chunk size), then the chunks from the one the subcloud takes next, each read from the file by its
 * range, with its own hash, paced to the bandwidth limit. A failed attempt (unreachable, a deadline, a 5xx, a chunk
 * the subcloud did not expect) is tried again after a backoff, from where the subcloud stands (offered again);
 * `maxAttempts` in a row without progress fail the transfer. Progress is reported after the offer and every chunk.
 */
export async function prestageTransfer(deps: {
  readonly fetch: FetchLike;
  readonly settings: PrestageTransferSettings;
  readonly target: PrestageTarget;
  readonly releaseId: string;
  readonly bundle: PrestageBundle;
  /** Attempts made before (a transfer resumed after a restart goes on counting). */
  readonly attemptsBefore: number;
  readonly onProgress: (progress: PrestageProgress) => void;
  readonly signal: AbortSignal;
}): Promise<PrestageProgress> {
  const { settings, bundle, releaseId, signal } = deps;
  const api = new DcAgentApi(deps.target.url, deps.fetch);
  const pace = pacer(settings.bytesPerSecond);
  const offer = { size: bundle.size, sha256: bundle.sha256, chunk_bytes: settings.chunkBytes };
  let progress: PrestageProgress = {
    bytesTotal: bundle.size, bytesSent: 0, attempts: deps.attemptsBefore, resumedFrom: 0, rateBps: 0,
  };
  const report = (changes: Partial<PrestageProgress>) => {
    progress = { ...progress, ...changes };
    deps.onProgress(progress);
  };
  let fruitless = 0;
  let renew = false;

  async function attempt(): Promise<boolean> {
    const token = await deps.target.token(renew);
    renew = false;
    let status: DcPrestageStatus = await api.offerPrestage(releaseId, offer, { token, signal });
    if (status.state === 'failed') {
      // An earlier transfer of these bytes failed its checks there: dropped, and offered from nothing.
      await api.dropPrestage(releaseId, token);
      status = await api.offerPrestage(releaseId, offer, { token, signal });
    }
    const begun = performance.now();
    const from = status.received_bytes;
    report({ bytesSent: from, resumedFrom: from, rateBps: 0 });
    if (status.state === 'complete') return true;
    const chunks = Math.ceil(bundle.size / settings.chunkBytes);
    while (status.next_chunk < chunks) {
      signal.throwIfAborted();
      const index = status.next_chunk;
      const offset = index * settings.chunkBytes;
      const chunk = await readRange(bundle.path, offset, Math.min(settings.chunkBytes, bundle.size - offset));
      await pace(chunk.byteLength, signal);
      const sha256 = createHash('sha256').update(chunk).digest('hex');
      status = await api.sendPrestageChunk(releaseId, index, chunk, sha256, { token, signal });
      fruitless = 0;
      const seconds = (performance.now() - begun) / 1000;
      const rateBps = seconds > 0 ? Math.round((status.received_bytes - from) / seconds) : 0;
      report({ bytesSent: status.received_bytes, rateBps });
      if (status.state === 'failed') throw new PrestageRefused(`the subcloud refused the bundle: ${status.reason ?? 'no reason given'}`);
    }
    if (status.state !== 'complete') throw new PrestageRefused(`the subcloud holds all ${chunks} chunks but says ${status.state}`);
    return true;
  }

  for (;;) {
    signal.throwIfAborted();
    report({ attempts: progress.attempts + 1 });
    try {
      if (await attempt()) return { ...progress, bytesSent: bundle.size };
    } catch (error) {
      signal.throwIfAborted();
      if (!passing(error)) throw error instanceof PrestageRefused ? error : new PrestageRefused(messageOf(error));
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') renew = true;
      fruitless += 1;
      if (fruitless >= settings.maxAttempts) {
        throw new PrestageRefused(`${fruitless} attempts in a row moved nothing forward; the last: ${messageOf(error)}`);
      }
      const backoff = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** (fruitless - 1));
      await sleep(backoff, undefined, { signal });
    }
  }
}
