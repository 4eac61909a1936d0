import type { InventoryItemData, InventoryKind, ReportedItem } from '@murmuration/core/inventory';
import type { Selectable } from 'kysely';
import type { HostInventoryItemTable } from './inventory-tables.js';
import type { Executor } from '../repos/executor.js';

/** One stored inventory item of a host. */
export interface InventoryItem<K extends InventoryKind = InventoryKind> {
  readonly uuid: string;
  readonly hostUuid: string;
  readonly kind: K;
  readonly key: string;
  readonly data: InventoryItemData[K];
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

function toItem(row: Selectable<HostInventoryItemTable>): InventoryItem {
  return {
    uuid: row.uuid,
    hostUuid: row.host_uuid,
    kind: row.kind,
    key: row.item_key,
    data: JSON.parse(row.data) as InventoryItemData[InventoryKind],
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  };
}

/** What a host's agent reported: its NUMA nodes, CPUs, memory, disks, ports and interfaces. */
export interface HostInventoryRepo {
  /** A host's items of one kind, in the order they were reported. */
  list<K extends InventoryKind>(hostUuid: string, kind: K): Promise<InventoryItem<K>[]>;
  find(uuid: string): Promise<InventoryItem | null>;
  /**
   * Makes the host's items of `kind` exactly `items`: an item whose key is known keeps its uuid
   * (its row is updated only when its content changed), new keys get `newUuid()`, vanished ones go.
   * Returns whether anything changed.
   */
  replace<K extends InventoryKind>(
    hostUuid: string,
    kind: K,
    items: ReadonlyArray<ReportedItem<K>>,
    now: number,
    newUuid: () => string,
  ): Promise<boolean>;
}

export function hostInventoryRepo(db: Executor): HostInventoryRepo {
  return {
    async list<K extends InventoryKind>(hostUuid: string, kind: K) {
      const rows = await db.selectFrom('host_inventory_items').selectAll().where('host_uuid', '=', hostUuid).where('kind', '=', kind).orderBy('position').execute();
      return rows.map(toItem) as InventoryItem<K>[];
    },
    async find(uuid) {
      const row = await db.selectFrom('host_inventory_items').selectAll().where('uuid', '=', uuid).executeTakeFirst();
      return row ? toItem(row) : null;
    },
    async replace(hostUuid, kind, items, now, newUuid) {
      const rows = await db.selectFrom('host_inventory_items').select(['uuid', 'item_key', 'position', 'data']).where('host_uuid', '=', hostUuid).where('kind', '=', kind).execute();
      const known = new Map(rows.map((r) => [r.item_key, r]));
      let changed = false;
      for (const [position, item] of items.entries()) {
        const data = JSON.stringify(item.data);
        const row = known.get(item.key);
        known.delete(item.key);
        if (!row) {
          await db
            .insertInto('host_inventory_items')
            .values({
              uuid: newUuid(),
              host_uuid: hostUuid,
              kind,
              item_key: item.key,
              position,
              data,
              created_at: now,
              updated_at: null,
            })
            .execute();
          changed = true;
        } else if (row.data !== data || Number(row.position) !== position) {
          await db.updateTable('host_inventory_items').set({ data, position, updated_at: now }).where('uuid', '=', row.uuid).execute();
          changed = true;
        }
      }
      if (known.size > 0) {
        await db.deleteFrom('host_inventory_items').where('uuid', 'in', [...known.values()].map((r) => r.uuid)).execute();
        changed = true;
      }
      return changed;
    },
  };
}
