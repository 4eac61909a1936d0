import type { Executor } from '../repos/executor.js';

/** The per-host credentials agents hold once they have joined (only their hashes are kept). */
export interface HostEnrollmentRepo {
  /** Sets (or replaces) a host's credential. */
  setCredential(hostUuid: string, secretHash: string, at: number): Promise<void>;
  credentialHash(hostUuid: string): Promise<string | null>;
}

export function hostEnrollmentRepo(db: Executor): HostEnrollmentRepo {
  return {
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
