import type { HostRecord, HostState } from '@murmuration/core/inventory';
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { HostTable } from './inventory-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

export type NewHost = Omit<HostRecord, 'id'>;

/** Host fields an operator may change outside the lifecycle actions. */
export type HostChanges = Partial<Pick<HostRecord, 'hostname' | 'location' | 'mgmtMac' | 'serialId' | 'clockSynchronization'>>;

/** A host and whether it is the controller that runs the platform. */
export interface StoredHost {
  readonly host: HostRecord;
  readonly activeController: boolean;
}

function toStored(row: Selectable<HostTable>): StoredHost {
  return {
    host: {
      id: Number(row.id),
      uuid: row.uuid,
      hostname: row.hostname,
      personality: row.personality,
      subfunctions: row.subfunctions,
      administrative: row.administrative,
      operational: row.operational,
      availability: row.availability,
      task: row.task,
      action: row.action,
      mgmtMac: row.mgmt_mac,
      mgmtIp: row.mgmt_ip,
      serialId: row.serial_id,
      location: JSON.parse(row.location) as HostRecord['location'],
      invState: row.inv_state,
      clockSynchronization: row.clock_synchronization,
      bootDevice: row.boot_device,
      rootfsDevice: row.rootfs_device,
      console: row.console,
      installOutput: row.install_output,
      uptime: Number(row.uptime),
      configTarget: Number(row.config_target),
      configApplied: Number(row.config_applied),
      createdAt: Number(row.created_at),
      updatedAt: row.updated_at === null ? null : Number(row.updated_at),
    },
    activeController: fromFlag(row.active_controller),
  };
}

/** Managed hosts (sysinv `ihosts`). */
export interface HostRepo {
  /** Every host, by id. */
  list(): Promise<StoredHost[]>;
  find(uuid: string): Promise<StoredHost | null>;
  findByHostname(hostname: string): Promise<StoredHost | null>;
  findByMac(mac: string): Promise<StoredHost | null>;
  insert(host: NewHost): Promise<HostRecord>;
  update(uuid: string, changes: HostChanges, updatedAt: number): Promise<HostRecord | null>;
  setState(uuid: string, state: HostState, updatedAt: number): Promise<HostRecord | null>;
  /** Makes this host (or none) the controller that runs the platform. */
  setActiveController(uuid: string | null): Promise<void>;
  /** Records a new desired-configuration generation (target) or the one the host's agent applied. */
  setConfigGeneration(uuid: string, which: 'target' | 'applied', generation: number): Promise<void>;
  /** Records that the host's agent reported its inventory, and the uptime it reported. */
  setInventoried(uuid: string, uptime: number, updatedAt: number): Promise<void>;
  remove(uuid: string): Promise<boolean>;
  /**
   * Serializes lifecycle decisions until the transaction ends: rules that look at several
   * hosts (the last unlocked controller) must not be decided twice at once.
   */
  lockLifecycle(): Promise<void>;
}

/** Any constant key: the advisory lock that guards host lifecycle decisions. */
const LIFECYCLE_LOCK = 7_143_001;

export function hostRepo(db: Executor, dialect: DialectName): HostRepo {
  const one = async (column: 'uuid' | 'hostname' | 'mgmt_mac', value: string): Promise<StoredHost | null> => {
    const row = await db.selectFrom('hosts').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toStored(row) : null;
  };
  const updated = async (uuid: string): Promise<HostRecord | null> => (await one('uuid', uuid))?.host ?? null;

  return {
    async list() {
      return (await db.selectFrom('hosts').selectAll().orderBy('id').execute()).map(toStored);
    },
    find: (uuid) => one('uuid', uuid),
    findByHostname: (hostname) => one('hostname', hostname),
    findByMac: (mac) => one('mgmt_mac', mac),
    async insert(host) {
      const row = await db
        .insertInto('hosts')
        .values({
          uuid: host.uuid,
          hostname: host.hostname,
          personality: host.personality,
          subfunctions: host.subfunctions,
          administrative: host.administrative,
          operational: host.operational,
          availability: host.availability,
          task: host.task,
          action: host.action,
          mgmt_mac: host.mgmtMac,
          mgmt_ip: host.mgmtIp,
          serial_id: host.serialId,
          location: JSON.stringify(host.location),
          inv_state: host.invState,
          clock_synchronization: host.clockSynchronization,
          boot_device: host.bootDevice,
          rootfs_device: host.rootfsDevice,
          console: host.console,
          install_output: host.installOutput,
          uptime: host.uptime,
          config_target: host.configTarget,
          config_applied: host.configApplied,
          active_controller: toFlag(false),
          created_at: host.createdAt,
          updated_at: host.updatedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStored(row).host;
    },
    async update(uuid, changes, updatedAt) {
      await db
        .updateTable('hosts')
        .set({
          ...(changes.hostname !== undefined ? { hostname: changes.hostname } : {}),
          ...(changes.location !== undefined ? { location: JSON.stringify(changes.location) } : {}),
          ...(changes.mgmtMac !== undefined ? { mgmt_mac: changes.mgmtMac } : {}),
          ...(changes.serialId !== undefined ? { serial_id: changes.serialId } : {}),
          ...(changes.clockSynchronization !== undefined
            ? { clock_synchronization: changes.clockSynchronization }
            : {}),
          updated_at: updatedAt,
        })
        .where('uuid', '=', uuid)
        .execute();
      return updated(uuid);
    },
    async setConfigGeneration(uuid, which, generation) {
      await db
        .updateTable('hosts')
        .set(which === 'target' ? { config_target: generation } : { config_applied: generation })
        .where('uuid', '=', uuid)
        .execute();
    },
    async setInventoried(uuid, uptime, updatedAt) {
      await db.updateTable('hosts').set({ inv_state: 'inventoried', uptime, updated_at: updatedAt }).where('uuid', '=', uuid).execute();
    },
    async setState(uuid, state, updatedAt) {
      await db
        .updateTable('hosts')
        .set({
          administrative: state.administrative,
          operational: state.operational,
          availability: state.availability,
          task: state.task,
          action: state.action,
          updated_at: updatedAt,
        })
        .where('uuid', '=', uuid)
        .execute();
      return updated(uuid);
    },
    async setActiveController(uuid) {
      await db.updateTable('hosts').set({ active_controller: toFlag(false) }).where('active_controller', '=', toFlag(true)).execute();
      if (uuid !== null) await db.updateTable('hosts').set({ active_controller: toFlag(true) }).where('uuid', '=', uuid).execute();
    },
    async remove(uuid) {
      const result = await db.deleteFrom('hosts').where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async lockLifecycle() {
      // SQLite runs one write transaction at a time already.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LIFECYCLE_LOCK})`.execute(db);
    },
  };
}
