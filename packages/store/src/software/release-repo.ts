import type { ReleaseMetadata, ReleaseState } from '@murmuration/core/software';
import type { Selectable } from 'kysely';
import type { ReleaseTable } from './software-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

/** An uploaded release: what its metadata says, its state and its bundle's digest. */
export interface ReleaseRecord {
  readonly metadata: ReleaseMetadata;
  readonly state: ReleaseState;
  readonly sha256: string;
  readonly size: number;
  readonly uploadedBy: string | null;
  readonly uploadedAt: number;
}

function toRecord(row: Selectable<ReleaseTable>): ReleaseRecord {
  return {
    metadata: {
      id: row.id,
      version: row.version,
      summary: row.summary,
      description: row.description,
      rebootRequired: fromFlag(row.reboot_required),
      requires: JSON.parse(row.requires) as string[],
      hooks: JSON.parse(row.hooks) as ReleaseMetadata['hooks'],
    },
    state: row.state,
    sha256: row.sha256,
    size: Number(row.size),
    uploadedBy: row.uploaded_by,
    uploadedAt: Number(row.uploaded_at),
  };
}

export interface ReleaseRepo {
  list(): Promise<ReleaseRecord[]>;
  find(id: string): Promise<ReleaseRecord | null>;
  insert(release: ReleaseRecord): Promise<void>;
  remove(id: string): Promise<boolean>;
  setState(id: string, state: ReleaseState): Promise<void>;
}

export function releaseRepo(db: Executor): ReleaseRepo {
  return {
    async list() {
      return (await db.selectFrom('releases').selectAll().orderBy('uploaded_at').orderBy('id').execute()).map(toRecord);
    },
    async find(id) {
      const row = await db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async insert(r) {
      const m = r.metadata;
      await db
        .insertInto('releases')
        .values({
          id: m.id,
          version: m.version,
          summary: m.summary,
          description: m.description,
          reboot_required: toFlag(m.rebootRequired),
          requires: JSON.stringify(m.requires),
          hooks: JSON.stringify(m.hooks),
          state: r.state,
          sha256: r.sha256,
          size: r.size,
          uploaded_by: r.uploadedBy,
          uploaded_at: r.uploadedAt,
        })
        .execute();
    },
    async setState(id, state) {
      await db.updateTable('releases').set({ state }).where('id', '=', id).execute();
    },
    async remove(id) {
      return Number((await db.deleteFrom('releases').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
    },
  };
}
