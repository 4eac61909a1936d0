import type { Selectable } from 'kysely';
import type { Executor } from '../repos/executor.js';
import type { DcJoinTokenTable } from './dc-agent-tables.js';

/** A one-time token with which one system controller may adopt this controller (its secret is never stored). */
export interface JoinTokenRecord {
  readonly uuid: string;
  readonly description: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  readonly usedBy: string | null;
}

function toRecord(row: Selectable<DcJoinTokenTable>): JoinTokenRecord {
  return {
    uuid: row.uuid,
    description: row.description,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    usedBy: row.used_by,
  };
}

export interface JoinTokenRepo {
  insert(token: JoinTokenRecord, secretHash: string): Promise<void>;
  list(): Promise<JoinTokenRecord[]>;
  findBySecret(secretHash: string): Promise<JoinTokenRecord | null>;
  /** Marks an unused token used; false when it was used already (by a concurrent join). */
  use(uuid: string, usedBy: string, at: number): Promise<boolean>;
  remove(uuid: string): Promise<boolean>;
}

export function joinTokenRepo(db: Executor): JoinTokenRepo {
  return {
    async insert(token, secretHash) {
      await db
        .insertInto('dc_join_tokens')
        .values({
          uuid: token.uuid,
          secret_hash: secretHash,
          description: token.description,
          created_by: token.createdBy,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          used_at: token.usedAt,
          used_by: token.usedBy,
        })
        .execute();
    },
    async list() {
      const rows = await db.selectFrom('dc_join_tokens').selectAll().orderBy('created_at').orderBy('uuid').execute();
      return rows.map(toRecord);
    },
    async findBySecret(secretHash) {
      const row = await db.selectFrom('dc_join_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async use(uuid, usedBy, at) {
      const result = await db
        .updateTable('dc_join_tokens')
        .set({ used_at: at, used_by: usedBy })
        .where('uuid', '=', uuid)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(uuid) {
      const result = await db.deleteFrom('dc_join_tokens').where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
