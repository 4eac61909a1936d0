import { DcPrestageOffer, DC_PRESTAGE_STATES } from '@murmuration/core/contract/dc-prestage';
import { prestageResumeBytes, type PrestageRecord } from '@murmuration/core/dc';
import { RELEASE_ID } from '@murmuration/core/software';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Where a subcloud keeps the bundles being prestaged to it, under `<dataDir>/prestage/`: `<release>.part`, the chunks
 * received so far, each written and flushed to disk before it is acknowledged, and `<release>.json`, the offer and the
 * transfer's state. What is under way is read back from these files, so it survives the process.
 */
export interface PrestageStaging {
  /**
   * Every transfer on disk. A receiving one resumes at its last whole chunk: a chunk cut in the middle of its write is
   * cut off the file. A record that cannot be read is removed with its bytes.
   */
  load(): Promise<PrestageRecord[]>;
  /** Starts a transfer from chunk 0: its record written, its bytes (if any) gone. */
  begin(record: PrestageRecord): Promise<void>;
  /** Writes bytes at `offset` of the transfer's file and flushes them to disk. */
  write(releaseId: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** The file holding the transfer's bytes. */
  bytesPath(releaseId: string): string;
  /** Records a transfer that ended (complete or failed): its record kept, its bytes (if still there) removed. */
  settle(record: PrestageRecord): Promise<void>;
  /** Forgets a transfer: its record and its bytes removed. */
  remove(releaseId: string): Promise<void>;
}

const RECORD_SUFFIX = '.json';
const BYTES_SUFFIX = '.part';

/** The record file: the offer, the state and its reason. */
const StagedRecord = Type.Object({
  release_id: Type.String({ pattern: RELEASE_ID.source }),
  offer: DcPrestageOffer,
  state: Type.Enum(DC_PRESTAGE_STATES),
  reason: Type.Union([Type.String(), Type.Null()]),
});
type StagedRecord = Static<typeof StagedRecord>;

async function fileLength(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

export function createPrestageStaging(dataDir: string): PrestageStaging {
  const dir = path.join(dataDir, 'prestage');
  const recordPath = (id: string) => path.join(dir, `${id}${RECORD_SUFFIX}`);
  const bytesPath = (id: string) => path.join(dir, `${id}${BYTES_SUFFIX}`);

  async function writeRecord(record: PrestageRecord): Promise<void> {
    await mkdir(dir, { recursive: true });
    const { releaseId, offer, state, reason } = record;
    const staged: StagedRecord = { release_id: releaseId, offer, state, reason };
    const scratch = `${recordPath(record.releaseId)}.tmp`;
    const handle = await open(scratch, 'w', 0o640);
    try {
      await handle.writeFile(JSON.stringify(staged));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(scratch, recordPath(record.releaseId));
  }

  async function readRecord(file: string): Promise<StagedRecord | null> {
    try {
      const value: unknown = JSON.parse(await readFile(file, 'utf8'));
      return Value.Check(StagedRecord, value) ? value : null;
    } catch {
      return null;
    }
  }

  /** A record as it stands on disk; a receiving one's file is cut back to its last whole chunk. */
  async function restore(staged: StagedRecord): Promise<PrestageRecord> {
    const { release_id: releaseId, offer, state, reason } = staged;
    if (state !== 'receiving') return { releaseId, offer, state, reason, receivedBytes: state === 'complete' ? offer.size : 0 };
    const length = await fileLength(bytesPath(releaseId));
    const receivedBytes = prestageResumeBytes(length, offer.size, offer.chunk_bytes);
    if (length !== receivedBytes) await truncate(bytesPath(releaseId), receivedBytes);
    return { releaseId, offer, state, reason, receivedBytes };
  }

  async function remove(id: string): Promise<void> {
    await rm(recordPath(id), { force: true });
    await rm(bytesPath(id), { force: true });
  }

  return {
    async load() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const records: PrestageRecord[] = [];
      for (const name of names) {
        if (name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
        if (!name.endsWith(RECORD_SUFFIX)) continue;
        const id = name.slice(0, -RECORD_SUFFIX.length);
        const staged = RELEASE_ID.test(id) ? await readRecord(path.join(dir, name)) : null;
        if (staged === null || staged.release_id !== id) {
          if (RELEASE_ID.test(id)) await remove(id);
          continue;
        }
        records.push(await restore(staged));
      }
      // Bytes without a record were never offered as such (the record is written first): nothing resumes them.
      const known = new Set(records.map((r) => r.releaseId));
      for (const name of names) {
        const orphan = name.endsWith(BYTES_SUFFIX) && !known.has(name.slice(0, -BYTES_SUFFIX.length));
        if (orphan) await rm(path.join(dir, name), { force: true });
      }
      return records;
    },

    async begin(record) {
      await rm(bytesPath(record.releaseId), { force: true });
      await writeRecord(record);
    },

    async write(releaseId, offset, bytes) {
      // Written at its place, never appended: what follows a chunk cut in its write is overwritten.
      const handle = await open(bytesPath(releaseId), constants.O_WRONLY | constants.O_CREAT, 0o640);
      try {
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, offset + written);
          written += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
    },

    bytesPath,

    async settle(record) {
      await writeRecord(record);
      await rm(bytesPath(record.releaseId), { force: true });
    },

    remove,
  };
}
