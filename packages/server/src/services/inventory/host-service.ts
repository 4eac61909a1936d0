import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { AlarmChange } from '@murmuration/core/fault';
import {
  HOST_ACTIONS, HOST_LOCKED_ONLY_FIELDS, HOST_PATCHABLE_FIELDS, HOST_READ_ONLY_FIELDS, checkClockSynchronization,
  checkHostname, configAlarm, healthAlarmChanges, hostConfigChanged, hostConfigOf, hostChangeEvents, hostCommandEvent,
  locationOf, normalizeMac, patchToChanges, planHostAction, readNewHost, stateForHealth, type HostAction,
  type HostConfigDocument, type HostHealth, type HostPatchableField, type HostRecord, type JsonPatchOperation,
  type NewHostInput, type SystemMode,
} from '@murmuration/core/inventory';
import type { HostChanges, InventoryRepos, Repos, StoredHost, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import { readSections, type HostConfigSectionReaders } from './host-config-sections.js';
import type { SystemService } from './system-service.js';

/** A host and whether it is the controller that runs the platform. */
export type HostEntry = StoredHost;

/** Managed hosts: `system host-list|host-show|host-add|host-update|host-delete` and the lifecycle actions. */
export interface HostService {
  list(): Promise<StoredHost[]>;
  /** A host by uuid, integer id or hostname. */
  get(ref: string): Promise<StoredHost>;
  add(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<StoredHost>;
  /**
   * A JSON-patch: field changes, or one `/action` (lock, unlock, reboot, swact, delete…). Null when the action deleted
   * the host.
   */
  patch(ctx: RequestContext, ref: string, operations: readonly JsonPatchOperation[]): Promise<StoredHost | null>;
  remove(ctx: RequestContext, ref: string): Promise<void>;
  /**
   * The host an agent joins as: the one of that hostname, or a new one. `bind` runs in the same
   * transaction (to spend the bootstrap token and set the credential).
   */
  enroll(
    ctx: RequestContext,
    input: NewHostInput,
    bind: (repos: Repos, host: HostRecord) => Promise<void>,
  ): Promise<StoredHost>;
  /** Maintenance's verdicts: each host's new state and alarms, in one transaction. Returns the hosts that changed. */
  applyHealth(
    ctx: RequestContext,
    verdicts: ReadonlyMap<string, { readonly from: HostHealth | null; readonly to: HostHealth }>,
  ): Promise<HostRecord[]>;
  /** The host's desired configuration, current generation included. */
  configOf(uuid: string): Promise<HostConfigDocument>;
  /** Records the generation the host's agent applied; clears 250.001 once it is the target. */
  configApplied(ctx: RequestContext, uuid: string, generation: number): Promise<HostRecord>;
  /** Raises 250.001 on hosts whose agents lag behind their target; clears it when they converge. */
  markConfigLag(ctx: RequestContext, lagging: ReadonlySet<string>): Promise<void>;
  /**
   * Runs a change to what goes into the host's desired configuration (labels, and later
   * time, CPU and certificate settings) and gives the configuration a new generation, in one
   * transaction; the host's agent hears of it once committed.
   */
  changeConfig<T>(
    ctx: RequestContext,
    ref: string,
    detail: string,
    change: (repos: Repos, host: HostRecord) => Promise<T>,
  ): Promise<T>;
  /** Called after a host's desired configuration got a new generation. */
  onConfigTarget(listener: (host: HostRecord) => void): void;
  /** Called after an operator's action (lock, unlock, reboot…) changed a host. */
  onAction(listener: (host: HostRecord, action: HostAction) => void): void;
}

async function find(repos: InventoryRepos, ref: string): Promise<StoredHost | null> {
  const byUuid = await repos.hosts.find(ref);
  if (byUuid) return byUuid;
  if (/^\d{1,15}$/.test(ref)) {
    const byId = (await repos.hosts.list()).find((h) => h.host.id === Number(ref));
    if (byId) return byId;
  }
  return repos.hosts.findByHostname(ref);
}

async function mustFind(repos: InventoryRepos, ref: string): Promise<StoredHost> {
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

export function createHostService(deps: {
  store: Store<InventoryRepos>;
  audit: AuditService;
  fault: FaultService;
  systems: SystemService;
  clock: Clock;
  /** The sections of hosts' desired configuration that other services keep. */
  configSections: HostConfigSectionReaders;
}): HostService {
  const { store, audit, fault, systems, clock, configSections } = deps;

  /** Commits the host change with its alarms and logs, then lets the event feed know. */
  /** What a host change did: its answer, its alarms and logs, and the hosts whose configuration it retargeted. */
  type Work<T> = (repos: Repos) => Promise<{ result: T; events: AlarmChange[]; retargeted?: HostRecord[] }>;

  async function withEvents<T>(ctx: RequestContext, target: string, detail: string, work: Work<T>): Promise<T> {
    const done = await audit.change(ctx, { target, detail }, async (repos) => {
      await repos.hosts.lockLifecycle();
      const done = await work(repos);
      await fault.applyIn(repos, done.events);
      return done;
    });
    fault.feed.poke();
    // Agents hear of a new configuration generation only once it is committed.
    for (const host of done.retargeted ?? []) for (const listener of configListeners) listener(host);
    return done.result;
  }

  async function systemMode() {
    return (await systems.list())[0]?.systemMode ?? 'simplex';
  }

  const configListeners: ((host: HostRecord) => void)[] = [];
  const actionListeners: ((host: HostRecord, action: HostAction) => void)[] = [];

  /** A new host, locked and offline until its agent reports; a simplex system has only one. */
  async function createHost(repos: InventoryRepos, input: NewHostInput, mode: SystemMode): Promise<HostRecord> {
    const all = await repos.hosts.list();
    if (mode === 'simplex' && all.length > 0) throw invalid('Host-add Rejected: Adding a host on a simplex system is not allowed.', { rule: 'simplex_add' });
    if (all.some((h) => h.host.hostname === input.hostname)) throw conflict(`a host named ${input.hostname} already exists`, { field: 'hostname' });
    if (input.mgmtMac !== null && all.some((h) => h.host.mgmtMac === input.mgmtMac)) {
      throw conflict(`mgmt_mac ${input.mgmtMac} already belongs to another host`, { field: 'mgmt_mac' });
    }
    return repos.hosts.insert({
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
      createdAt: clock.now(),
      updatedAt: null,
    });
  }

  async function runAction(ctx: RequestContext, ref: string, action: HostAction): Promise<StoredHost | null> {
    const mode = await systemMode();
    let subject: HostRecord | null = null;
    const done = await withEvents(ctx, `ihost:${ref}`, `action ${action}`, async (repos) => {
      const { host } = await mustFind(repos, ref);
      subject = host;
      const all = await repos.hosts.list();
      const active = all.find((h) => h.activeController)?.host.uuid ?? null;
      const plan = planHostAction(action, host, {
        systemMode: mode,
        others: all.filter((h) => h.host.uuid !== host.uuid).map((h) => h.host),
        activeController: active,
      });
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
    // A deleted host is announced as it was, so that its agent's connection can be closed.
    const announced: HostRecord | null = done ? done.host : subject;
    if (announced) for (const listener of actionListeners) listener(announced, action);
    return done;
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
        const host = await createHost(repos, input, mode);
        return { result: { host, activeController: false }, events: hostChangeEvents(null, host) };
      });
    },

    async enroll(ctx, input, bind) {
      const mode = await systemMode();
      return withEvents(ctx, `ihost:${input.hostname}`, `agent joined as ${input.hostname}`, async (repos) => {
        const existing = await repos.hosts.findByHostname(input.hostname);
        if (existing) {
          const { host } = existing;
          if (host.personality !== input.personality) {
            throw conflict(`${input.hostname} is a ${host.personality}, not a ${input.personality}`, { field: 'personality' });
          }
          if (input.mgmtMac !== null && host.mgmtMac !== null && host.mgmtMac !== input.mgmtMac) {
            throw conflict(`${input.hostname} was added with mgmt_mac ${host.mgmtMac}, not ${input.mgmtMac}`, { field: 'mgmt_mac' });
          }
          let after = host;
          if (input.mgmtMac !== null && host.mgmtMac === null) {
            const holder = await repos.hosts.findByMac(input.mgmtMac);
            if (holder) throw conflict(`mgmt_mac ${input.mgmtMac} already belongs to ${holder.host.hostname}`, { field: 'mgmt_mac' });
            after = (await repos.hosts.update(host.uuid, { mgmtMac: input.mgmtMac }, clock.now()))!;
          }
          await bind(repos, after);
          return { result: { host: after, activeController: existing.activeController }, events: [] };
        }
        const host = await createHost(repos, input, mode);
        await bind(repos, host);
        return { result: { host, activeController: false }, events: hostChangeEvents(null, host) };
      });
    },

    async applyHealth(ctx, verdicts) {
      if (verdicts.size === 0) return [];
      return withEvents(ctx, 'ihosts', `maintenance: ${[...verdicts].map(([uuid, v]) => `${uuid} ${v.to}`).join(', ')}`.slice(0, 500), async (repos) => {
        const changed: HostRecord[] = [];
        const events: AlarmChange[] = [];
        for (const [uuid, { from, to }] of verdicts) {
          const stored = await repos.hosts.find(uuid);
          if (!stored) continue;
          const { host } = stored;
          const state = stateForHealth(host, to);
          const after = state ? (await repos.hosts.setState(uuid, state, clock.now()))! : host;
          if (state) changed.push(after);
          events.push(...hostChangeEvents(host, after), ...healthAlarmChanges(after, from, to));
        }
        return { result: changed, events };
      });
    },

    async configOf(uuid) {
      const { host } = await mustFind(store.repos, uuid);
      return { generation: host.configTarget, host: hostConfigOf(host), ...(await readSections(configSections, host)) };
    },

    async configApplied(ctx, uuid, generation) {
      return withEvents(ctx, `ihost:${uuid}`, `configuration ${generation} applied`, async (repos) => {
        const { host } = await mustFind(repos, uuid);
        if (generation > host.configTarget) {
          throw conflict(`generation ${generation} is newer than ${host.hostname}'s target ${host.configTarget}`, { field: 'generation' });
        }
        await repos.hosts.setConfigGeneration(uuid, 'applied', generation);
        const after = { ...host, configApplied: generation };
        return { result: after, events: generation === host.configTarget ? [configAlarm(after, false)] : [] };
      });
    },

    async markConfigLag(ctx, lagging) {
      if (lagging.size === 0) return;
      await withEvents(ctx, 'ihosts', `configuration out-of-date on ${lagging.size} host(s)`, async (repos) => {
        const events: AlarmChange[] = [];
        for (const uuid of lagging) {
          const stored = await repos.hosts.find(uuid);
          if (stored && stored.host.configApplied !== stored.host.configTarget) {
            events.push(configAlarm(stored.host, true));
          }
        }
        return { result: undefined, events };
      });
    },

    async changeConfig(ctx, ref, detail, change) {
      return withEvents(ctx, `ihost:${ref}`, detail, async (repos) => {
        const { host } = await mustFind(repos, ref);
        const result = await change(repos, host);
        const generation = host.configTarget + 1;
        await repos.hosts.setConfigGeneration(host.uuid, 'target', generation);
        return { result, events: [], retargeted: [{ ...host, configTarget: generation }] };
      });
    },

    onConfigTarget(listener) {
      configListeners.push(listener);
    },

    onAction(listener) {
      actionListeners.push(listener);
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
          throw invalid(`${lockedOnly.join(', ')} can only change while ${host.hostname} is locked`, { field: lockedOnly[0]!, rule: 'locked_only' });
        }
        const changes = await readChanges(repos, host, raw);
        let after = (await repos.hosts.update(host.uuid, changes, clock.now()))!;
        const retarget = hostConfigChanged(host, after);
        if (retarget) {
          await repos.hosts.setConfigGeneration(host.uuid, 'target', host.configTarget + 1);
          after = { ...after, configTarget: host.configTarget + 1 };
        }
        return {
          result: { host: after, activeController },
          events: hostChangeEvents(host, after),
          retargeted: retarget ? [after] : [],
        };
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
async function readChanges(
  repos: InventoryRepos,
  host: HostRecord,
  raw: Partial<Record<HostPatchableField, unknown>>,
): Promise<HostChanges> {
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
