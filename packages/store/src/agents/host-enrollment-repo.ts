import type { Selectable } from 'kysely';
import type { HostBootstrapTokenTable } from './agents-tables.js';
import type { Executor } from '../repos/executor.js';

/** A one-time token that lets one host agent join (its secret is never stored). */
export interface BootstrapTokenRecord {
  readonly uuid: string;
  readonly description: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  readonly usedByHost: string | null;
}

function toRecord(row: Selectable<HostBootstrapTokenTable>): BootstrapTokenRecord {
  return {
    uuid: row.uuid,
    description: row.description,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    usedByHost: row.used_by_host,
  };
}

/** Bootstrap tokens and the per-host credentials agents hold once they have joined. */
export interface HostEnrollmentRepo {
  insertToken(token: BootstrapTokenRecord, secretHash: string): Promise<void>;
  listTokens(): Promise<BootstrapTokenRecord[]>;
  findTokenBySecret(secretHash: string): Promise<BootstrapTokenRecord | null>;
  /** Marks an unused token used; false when it was used already (by a concurrent join). */
  useToken(uuid: string, hostUuid: string, at: number): Promise<boolean>;
  removeToken(uuid: string): Promise<boolean>;
  /** Sets (or replaces) a host's credential. */
  setCredential(hostUuid: string, secretHash: string, at: number): Promise<void>;
  credentialHash(hostUuid: string): Promise<string | null>;
}

export function hostEnrollmentRepo(db: Executor): HostEnrollmentRepo {
  return {
    async insertToken(token, secretHash) {
      await db
        .insertInto('host_bootstrap_tokens')
        .values({
          uuid: token.uuid,
          secret_hash: secretHash,
          description: token.description,
          created_by: token.createdBy,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          used_at: token.usedAt,
          used_by_host: token.usedByHost,
        })
        .execute();
    },
    async listTokens() {
      return (await db.selectFrom('host_bootstrap_tokens').selectAll().orderBy('created_at').orderBy('uuid').execute()).map(toRecord);
    },
    async findTokenBySecret(secretHash) {
      const row = await db.selectFrom('host_bootstrap_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async useToken(uuid, hostUuid, at) {
      const result = await db
        .updateTable('host_bootstrap_tokens')
        .set({ used_at: at, used_by_host: hostUuid })
        .where('uuid', '=', uuid)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async removeToken(uuid) {
      const result = await db.deleteFrom('host_bootstrap_tokens').where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async setCredential(hostUuid, secretHash, at) {
      await db.deleteFrom('host_credentials').where('host_uuid', '=', hostUuid).execute();
      await db.insertInto('host_credentials').values({ host_uuid: hostUuid, secret_hash: secretHash, created_at: at }).execute();
    },
    async credentialHash(hostUuid) {
      const row = await db.selectFrom('host_credentials').select('secret_hash').where('host_uuid', '=', hostUuid).executeTakeFirst();
      return row?.secret_hash ?? null;
    },
  };
}
