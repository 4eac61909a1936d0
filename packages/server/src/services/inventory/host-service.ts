import {
  HOST_ACTIONS,
  HOST_LOCKED_ONLY_FIELDS,
  HOST_PATCHABLE_FIELDS,
  HOST_READ_ONLY_FIELDS,
  checkClockSynchronization,
  checkHostname,
  conflict,
  hostChangeEvents,
  hostCommandEvent,
  invalid,
  locationOf,
  normalizeMac,
  notFound,
  patchToChanges,
  planHostAction,
  readNewHost,
  type AlarmChange,
  type Clock,
  type HostAction,
  type HostPatchableField,
  type HostRecord,
  type JsonPatchOperation,
  type RequestContext,
} from '@murmuration/core';
import type { HostChanges, Repos, StoredHost, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { SystemService } from './system-service.js';

/** A host and whether it is the controller that runs the platform. */
export type HostEntry = StoredHost;

/** Managed hosts: `system host-list|host-show|host-add|host-update|host-delete` and the lifecycle actions. */
export interface HostService {
  list(): Promise<StoredHost[]>;
  /** A host by uuid, integer id or hostname. */
  get(ref: string): Promise<StoredHost>;
  add(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<StoredHost>;
  /** A JSON-patch: field changes, or one `/action` (lock, unlock, reboot, swact, delete…). Null when the action deleted the host. */
  patch(ctx: RequestContext, ref: string, operations: readonly JsonPatchOperation[]): Promise<StoredHost | null>;
  remove(ctx: RequestContext, ref: string): Promise<void>;
}

async function find(repos: Repos, ref: string): Promise<StoredHost | null> {
  const byUuid = await repos.hosts.find(ref);
  if (byUuid) return byUuid;
  if (/^\d{1,15}$/.test(ref)) {
    const byId = (await repos.hosts.list()).find((h) => h.host.id === Number(ref));
    if (byId) return byId;
  }
  return repos.hosts.findByHostname(ref);
}

async function mustFind(repos: Repos, ref: string): Promise<StoredHost> {
  const found = await find(repos, ref);
  if (!found) throw notFound(`host not found: ${ref}`, { host: ref });
  return found;
}

function actionOf(operations: readonly JsonPatchOperation[]): HostAction | null {
  const action = operations.find((op) => op.path === '/action');
  if (!action) return null;
  if (operations.length > 1) throw invalid('an /action patch cannot change other fields at the same time', { path: '/action' });
  if (action.op !== 'replace') throw invalid('/action takes a replace operation', { path: '/action' });
  if (typeof action.value !== 'string' || !(HOST_ACTIONS as readonly string[]).includes(action.value)) {
    throw invalid(`action must be one of ${HOST_ACTIONS.join(', ')}, got ${JSON.stringify(action.value)}`, { path: '/action' });
  }
  return action.value as HostAction;
}

export function createHostService(deps: { store: Store; audit: AuditService; fault: FaultService; systems: SystemService; clock: Clock }): HostService {
  const { store, audit, fault, systems, clock } = deps;

  /** Commits the host change with its alarms and logs, then lets the event feed know. */
  async function withEvents<T>(ctx: RequestContext, target: string, detail: string, work: (repos: Repos) => Promise<{ result: T; events: AlarmChange[] }>): Promise<T> {
    const result = await audit.change(ctx, { target, detail }, async (repos) => {
      await repos.hosts.lockLifecycle();
      const done = await work(repos);
      await fault.applyIn(repos, done.events);
      return done.result;
    });
    fault.feed.poke();
    return result;
  }

  async function systemMode() {
    return (await systems.list())[0]?.systemMode ?? 'simplex';
  }

  async function runAction(ctx: RequestContext, ref: string, action: HostAction): Promise<StoredHost | null> {
    const mode = await systemMode();
    return withEvents(ctx, `ihost:${ref}`, `action ${action}`, async (repos) => {
      const { host } = await mustFind(repos, ref);
      const all = await repos.hosts.list();
      const active = all.find((h) => h.activeController)?.host.uuid ?? null;
      const plan = planHostAction(action, host, { systemMode: mode, others: all.filter((h) => h.host.uuid !== host.uuid).map((h) => h.host), activeController: active });
      if (plan.kind === 'delete') {
        await repos.hosts.remove(host.uuid);
        return { result: null, events: hostChangeEvents(host, null) };
      }
      const after = (await repos.hosts.setState(host.uuid, plan.state, clock.now()))!;
      if (plan.activeController !== active) await repos.hosts.setActiveController(plan.activeController);
      const command = action === 'unlock' || action === 'force-unlock' ? 'unlock' : action === 'reboot' ? 'reboot' : null;
      const events = [...(command ? [hostCommandEvent(after, command)] : []), ...hostChangeEvents(host, after)];
      return { result: { host: after, activeController: plan.activeController === host.uuid }, events };
    });
  }

  return {
    async list() {
      return store.repos.hosts.list();
    },

    async get(ref) {
      return mustFind(store.repos, ref);
    },

    async add(ctx, body) {
      const input = readNewHost(body);
      const mode = await systemMode();
      return withEvents(ctx, `ihost:${input.hostname}`, `host ${input.hostname} added as ${input.personality}`, async (repos) => {
        const all = await repos.hosts.list();
        if (mode === 'simplex' && all.length > 0) throw invalid('Host-add Rejected: Adding a host on a simplex system is not allowed.', { rule: 'simplex-add' });
        if (all.some((h) => h.host.hostname === input.hostname)) throw conflict(`a host named ${input.hostname} already exists`, { field: 'hostname' });
        if (input.mgmtMac !== null && all.some((h) => h.host.mgmtMac === input.mgmtMac)) {
          throw conflict(`mgmt_mac ${input.mgmtMac} already belongs to another host`, { field: 'mgmt_mac' });
        }
        const now = clock.now();
        const host = await repos.hosts.insert({
          uuid: randomUUID(),
          hostname: input.hostname,
          personality: input.personality,
          // An all-in-one controller also runs the worker function.
          subfunctions: input.personality === 'controller' && (await systems.list())[0]?.systemType === 'All-in-one' ? 'controller,worker' : input.personality,
          administrative: 'locked',
          operational: 'disabled',
          availability: 'offline',
          task: '',
          action: 'none',
          mgmtMac: input.mgmtMac,
          mgmtIp: null,
          serialId: input.serialId,
          location: input.location,
          invState: '',
          clockSynchronization: 'ntp',
          bootDevice: '/dev/sda',
          rootfsDevice: '/dev/sda',
          console: 'ttyS0,115200',
          installOutput: 'text',
          uptime: 0,
          configTarget: 0,
          configApplied: 0,
          createdAt: now,
          updatedAt: null,
        });
        return { result: { host, activeController: false }, events: hostChangeEvents(null, host) };
      });
    },

    async patch(ctx, ref, operations) {
      const action = actionOf(operations);
      if (action) return runAction(ctx, ref, action);
      const raw = patchToChanges(operations, HOST_PATCHABLE_FIELDS, HOST_READ_ONLY_FIELDS);
      const fields = Object.keys(raw) as HostPatchableField[];
      return withEvents(ctx, `ihost:${ref}`, `changed ${fields.join(', ')}`, async (repos) => {
        const { host, activeController } = await mustFind(repos, ref);
        const lockedOnly = fields.filter((f) => HOST_LOCKED_ONLY_FIELDS.has(f));
        if (lockedOnly.length > 0 && host.administrative !== 'locked') {
          throw invalid(`${lockedOnly.join(', ')} can only change while ${host.hostname} is locked`, { field: lockedOnly[0]!, rule: 'locked-only' });
        }
        const changes = await readChanges(repos, host, raw);
        const after = (await repos.hosts.update(host.uuid, changes, clock.now()))!;
        return { result: { host: after, activeController }, events: hostChangeEvents(host, after) };
      });
    },

    async remove(ctx, ref) {
      await runAction(ctx, ref, 'delete');
    },
  };
}

function text(field: string, value: unknown): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(`${field} must be text`, { field });
  return value;
}

/** Checks each changed field; a new hostname or MAC must be free. */
async function readChanges(repos: Repos, host: HostRecord, raw: Partial<Record<HostPatchableField, unknown>>): Promise<HostChanges> {
  const changes: { -readonly [K in keyof HostChanges]: HostChanges[K] } = {};
  if ('hostname' in raw) {
    const hostname = checkHostname(text('hostname', raw.hostname) ?? '', host.personality);
    if (host.personality === 'controller' && hostname !== host.hostname) throw invalid('a controller cannot be renamed', { field: 'hostname' });
    const holder = await repos.hosts.findByHostname(hostname);
    if (holder && holder.host.uuid !== host.uuid) throw conflict(`a host named ${hostname} already exists`, { field: 'hostname' });
    changes.hostname = hostname;
  }
  if ('mgmt_mac' in raw) {
    const value = text('mgmt_mac', raw.mgmt_mac);
    const mac = value === null ? null : normalizeMac(value);
    const holder = mac === null ? null : await repos.hosts.findByMac(mac);
    if (holder && holder.host.uuid !== host.uuid) throw conflict(`mgmt_mac ${mac} already belongs to ${holder.host.hostname}`, { field: 'mgmt_mac' });
    changes.mgmtMac = mac;
  }
  if ('serialid' in raw) {
    const serial = text('serialid', raw.serialid);
    if (serial !== null && serial.length > 255) throw invalid('serialid must be at most 255 characters', { field: 'serialid' });
    changes.serialId = serial;
  }
  if ('location' in raw) changes.location = locationOf(raw.location);
  if ('clock_synchronization' in raw) changes.clockSynchronization = checkClockSynchronization(raw.clock_synchronization);
  return changes;
}
