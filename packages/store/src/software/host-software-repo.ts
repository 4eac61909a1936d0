import type { HostSoftwareRecord } from '@murmuration/core/software';
import type { Selectable } from 'kysely';
import type { HostSoftwareTable } from './software-tables.js';
import type { Executor } from '../repos/executor.js';

const toRecord = (row: Selectable<HostSoftwareTable>): HostSoftwareRecord => ({
  hostUuid: row.host_uuid,
  running: row.running_release,
  previous: row.previous_release,
  target: row.target_release,
  from: row.from_release,
  state: row.state,
  reason: row.reason,
  hookOutput: row.hook_output,
  updatedAt: Number(row.updated_at),
});

/** Hosts' software state (a host that never had any has no row: idle, nothing running). */
export interface HostSoftwareRepo {
  list(): Promise<HostSoftwareRecord[]>;
  find(hostUuid: string): Promise<HostSoftwareRecord | null>;
  save(record: HostSoftwareRecord): Promise<void>;
}

export function hostSoftwareRepo(db: Executor): HostSoftwareRepo {
  return {
    async list() {
      return (await db.selectFrom('host_software').selectAll().execute()).map(toRecord);
    },
    async find(hostUuid) {
      const row = await db.selectFrom('host_software').selectAll().where('host_uuid', '=', hostUuid).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async save(r) {
      const values = {
        running_release: r.running,
        previous_release: r.previous,
        target_release: r.target,
        from_release: r.from,
        state: r.state,
        reason: r.reason,
        hook_output: r.hookOutput,
        updated_at: r.updatedAt,
      };
      const updated = await db.updateTable('host_software').set(values).where('host_uuid', '=', r.hostUuid).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await db.insertInto('host_software').values({ host_uuid: r.hostUuid, ...values }).execute();
    },
  };
}
