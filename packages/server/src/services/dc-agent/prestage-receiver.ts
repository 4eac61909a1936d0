import { isAppError, notFound, type RequestContext } from '@murmuration/core/common';
import type { DcPrestageOffer, DcPrestageStatus } from '@murmuration/core/contract/dc-prestage';
import {
  prestageBundleHashReason, prestageChunkHashRefusal, prestageChunkRefusal, prestageFailure, prestageOffered,
  prestageOfferRefusal, prestageReleaseIdRefusal, prestageStatus, type PrestageRecord,
} from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { AuditService } from '../audit/index.js';
import type { ReleaseRecord, ReleaseService } from '../software/index.js';
import type { PrestageStaging } from './prestage-staging.js';
import { sha256Hex } from './sync-digest-hash.js';

/**
 * The subcloud side of prestaging (`/dcagent/v1/prestage`): a release bundle received in chunks, each checked by its
 * hash and kept on disk before it is acknowledged; once whole, its hash and signature are checked and it is kept as
 * an available release by the release service's own upload path. Transfers of one release are taken one request at a
 * time; what is under way is read back from the staging files at the first request after a start.
 */
export interface PrestageReceiver {
  offer(ctx: RequestContext, releaseId: string, offer: DcPrestageOffer): Promise<DcPrestageStatus>;
  status(releaseId: string): Promise<DcPrestageStatus>;
  list(): Promise<DcPrestageStatus[]>;
  /** Keeps chunk `index` when it is the next one, of the right length, with the SHA-256 sent with it. */
  chunk(
    ctx: RequestContext, releaseId: string, index: number, bytes: Uint8Array, sha256: string,
  ): Promise<DcPrestageStatus>;
  /** Discards a transfer and its bytes (a release once kept stays). */
  drop(ctx: RequestContext, releaseId: string): Promise<void>;
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

function checkReleaseId(releaseId: string): void {
  const refusal = prestageReleaseIdRefusal(releaseId);
  if (refusal) throw refusal;
}

export function createPrestageReceiver(deps: {
  staging: PrestageStaging;
  releases: ReleaseService;
  audit: AuditService;
}): PrestageReceiver {
  const { staging, releases, audit } = deps;
  const records = new Map<string, PrestageRecord>();
  let loaded: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    loaded ??= staging.load().then((found) => {
      for (const record of found) records.set(record.releaseId, record);
    }, (error: unknown) => {
      loaded = null;
      throw error;
    });
    return loaded;
  };

  // One request at a time per release: its file is written by one chunk after another.
  const queues = new Map<string, Promise<unknown>>();
  async function serial<T>(releaseId: string, work: () => Promise<T>): Promise<T> {
    await ready();
    const before = queues.get(releaseId) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(releaseId, settled);
    void settled.then(() => {
      if (queues.get(releaseId) === settled) queues.delete(releaseId);
    });
    return run;
  }

  async function held(releaseId: string): Promise<ReleaseRecord | null> {
    try {
      return await releases.get(releaseId);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** The record of a transfer still worth reporting: a complete one whose release was deleted since is forgotten. */
  async function current(releaseId: string, isHeld: (id: string) => Promise<boolean>): Promise<PrestageRecord | null> {
    const record = records.get(releaseId);
    if (!record) return null;
    if (record.state === 'complete' && !(await isHeld(releaseId))) {
      records.delete(releaseId);
      await staging.remove(releaseId);
      return null;
    }
    return record;
  }

  async function settle(record: PrestageRecord): Promise<DcPrestageStatus> {
    await staging.settle(record);
    records.set(record.releaseId, record);
    return prestageStatus(record);
  }

  /** The last chunk is in: the whole bundle's hash, then the release service's checks and its keeping. */
  async function finish(ctx: RequestContext, record: PrestageRecord): Promise<DcPrestageStatus> {
    const { releaseId, offer } = record;
    const file = staging.bytesPath(releaseId);
    let reason: string | null = null;
    const actual = await fileSha256(file);
    if (actual !== offer.sha256) reason = prestageBundleHashReason(offer.sha256, actual);
    else {
      try {
        await releases.uploadFile(ctx, file, releaseId);
      } catch (error) {
        if (!isAppError(error) || error.code === 'INTERNAL') throw error;
        reason = error.message;
      }
    }
    if (reason === null) return settle({ ...record, state: 'complete', receivedBytes: offer.size, reason: null });
    await settle({ ...record, state: 'failed', receivedBytes: 0, reason });
    await audit.record(ctx, { target: `prestage:${releaseId}`, outcome: 422, detail: `prestage failed: ${reason}` });
    throw prestageFailure(releaseId, reason);
  }

  return {
    async offer(_ctx, releaseId, offer) {
      const refusal = prestageOfferRefusal(releaseId, offer, releases.maxBundleBytes);
      if (refusal) throw refusal;
      return serial(releaseId, async () => {
        const heldSha256 = (await held(releaseId))?.sha256 ?? null;
        const { record, begin } = prestageOffered(releaseId, offer, records.get(releaseId), heldSha256);
        if (record.state === 'complete') return settle(record);
        if (begin) {
          await staging.begin(record);
          records.set(releaseId, record);
        }
        return prestageStatus(record);
      });
    },

    async status(releaseId) {
      checkReleaseId(releaseId);
      return serial(releaseId, async () => {
        const record = await current(releaseId, async (id) => (await held(id)) !== null);
        if (!record) throw notFound(`no prestage of release ${releaseId} was offered`, { release: releaseId });
        return prestageStatus(record);
      });
    },

    async list() {
      await ready();
      const ids = new Set((await releases.list()).map((r) => r.metadata.id));
      const statuses: DcPrestageStatus[] = [];
      for (const releaseId of [...records.keys()].sort()) {
        const record = await serial(releaseId, () => current(releaseId, async (id) => ids.has(id)));
        if (record) statuses.push(prestageStatus(record));
      }
      return statuses;
    },

    async chunk(ctx, releaseId, index, bytes, sha256) {
      checkReleaseId(releaseId);
      return serial(releaseId, async () => {
        const record = records.get(releaseId);
        if (!record) throw notFound(`no prestage of release ${releaseId} was offered: offer it first`, { release: releaseId });
        const refusal = prestageChunkRefusal(record, index, bytes.length);
        if (refusal) throw refusal;
        const actual = sha256Hex(bytes);
        if (actual !== sha256) throw prestageChunkHashRefusal(index, sha256, actual);
        await staging.write(releaseId, record.receivedBytes, bytes);
        const receivedBytes = record.receivedBytes + bytes.length;
        if (receivedBytes < record.offer.size) {
          const next = { ...record, receivedBytes };
          records.set(releaseId, next);
          return prestageStatus(next);
        }
        return finish(ctx, record);
      });
    },

    async drop(ctx, releaseId) {
      checkReleaseId(releaseId);
      await serial(releaseId, async () => {
        const record = records.get(releaseId);
        if (!record) return;
        records.delete(releaseId);
        await staging.remove(releaseId);
        await audit.record(ctx, { target: `prestage:${releaseId}`, detail: `prestage discarded (${record.state}, ${record.receivedBytes} of ${record.offer.size} bytes)` });
      });
    },
  };
}
