import type { Selectable } from 'kysely';
import type { HostLabelTable } from './inventory-tables.js';
import type { Executor } from '../repos/executor.js';

/** A label on a host (sysinv `label`): a key and a value, unique by key on the host. */
export interface HostLabelRecord {
  readonly uuid: string;
  readonly hostUuid: string;
  readonly key: string;
  readonly value: string;
  readonly createdAt: number;
}

const toLabel = (row: Selectable<HostLabelTable>): HostLabelRecord => ({
  uuid: row.uuid,
  hostUuid: row.host_uuid,
  key: row.label_key,
  value: row.label_value,
  createdAt: Number(row.created_at),
});

export interface HostLabelRepo {
  list(hostUuid: string): Promise<HostLabelRecord[]>;
  find(uuid: string): Promise<HostLabelRecord | null>;
  /** Sets a label's value, adding it when the host has no label of that key. */
  upsert(label: HostLabelRecord): Promise<void>;
  remove(uuid: string): Promise<boolean>;
}

export function hostLabelRepo(db: Executor): HostLabelRepo {
  return {
    async list(hostUuid) {
      return (await db.selectFrom('host_labels').selectAll().where('host_uuid', '=', hostUuid).orderBy('label_key').execute()).map(toLabel);
    },
    async find(uuid) {
      const row = await db.selectFrom('host_labels').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toLabel(row) : null;
    },
    async upsert(label) {
      const existing = await db.selectFrom('host_labels').select('uuid').where('host_uuid', '=', label.hostUuid).where('label_key', '=', label.key).executeTakeFirst();
      if (existing) await db.updateTable('host_labels').set({ label_value: label.value }).where('uuid', '=', existing.uuid).execute();
      else await db.insertInto('host_labels').values({ uuid: label.uuid, host_uuid: label.hostUuid, label_key: label.key, label_value: label.value, created_at: label.createdAt }).execute();
    },
    async remove(uuid) {
      return Number((await db.deleteFrom('host_labels').where('uuid', '=', uuid).executeTakeFirst()).numDeletedRows) > 0;
    },
  };
}
