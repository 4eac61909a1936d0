import { describe, expect, it } from 'vitest';
import {
  hostChangeEvents, planHostAction, readNewHost, type HostContext, type HostRecord,
} from '@murmuration/core/inventory';

let nextId = 1;
function host(hostname: string, over: Partial<HostRecord> = {}): HostRecord {
  const personality = hostname.startsWith('controller') ? 'controller' : hostname.startsWith('storage') ? 'storage' : 'worker';
  return {
    id: nextId++,
    uuid: `uuid-${hostname}`,
    hostname,
    personality,
    subfunctions: personality,
    administrative: 'unlocked',
    operational: 'enabled',
    availability: 'available',
    task: '',
    action: 'none',
    mgmtMac: null,
    mgmtIp: null,
    serialId: null,
    location: {},
    invState: 'inventoried',
    clockSynchronization: 'ntp',
    bootDevice: '/dev/sda',
    rootfsDevice: '/dev/sda',
    console: '',
    installOutput: 'text',
    uptime: 0,
    configTarget: 0,
    configApplied: 0,
    createdAt: 0,
    updatedAt: null,
    ...over,
  };
}

const c0 = host('controller-0');
const c1 = host('controller-1');
const w0 = host('compute-0');
const duplex = (others: HostRecord[], active: string | null = c0.uuid): HostContext => ({ systemMode: 'duplex', others, activeController: active });

function refusal(run: () => unknown): { rule: unknown; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { code: string; message: string; details: Record<string, unknown> };
    expect(e.code).toBe('INVALID_INPUT');
    return { rule: e.details['rule'], message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('host lifecycle rules', () => {
  it('locks a standby controller or a worker: disabled, online, no task', () => {
    expect(planHostAction('lock', c1, duplex([c0, w0]))).toEqual({
      kind: 'state',
      state: { administrative: 'locked', operational: 'disabled', availability: 'online', task: '', action: 'none' },
      activeController: c0.uuid,
    });
    const plan = planHostAction('force-lock', host('compute-1', { availability: 'failed', operational: 'disabled' }), duplex([c0]));
    expect(plan).toMatchObject({ kind: 'state', state: { administrative: 'locked', availability: 'failed' } });
  });

  it('refuses to lock the active controller, the only unlocked controller, or a locked host', () => {
    expect(refusal(() => planHostAction('lock', c0, duplex([c1, w0])))).toEqual({ rule: 'active_controller', message: expect.stringContaining('Can not lock an active controller') });
    expect(refusal(() => planHostAction('force-lock', c0, duplex([c1])))).toMatchObject({ rule: 'active_controller' });
    const lockedC1 = host('controller-1', { administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(refusal(() => planHostAction('lock', c1, duplex([lockedC1, w0], null)))).toMatchObject({ rule: 'only_unlocked_controller' });
    expect(refusal(() => planHostAction('lock', lockedC1, duplex([c0])))).toMatchObject({ rule: 'already_locked' });
  });

  it('locks the only controller of a simplex system, which stays the active one; duplex keeps its rules', () => {
    const simplex: HostContext = { systemMode: 'simplex', others: [], activeController: c0.uuid };
    expect(planHostAction('lock', c0, simplex)).toEqual({
      kind: 'state',
      state: { administrative: 'locked', operational: 'disabled', availability: 'online', task: '', action: 'none' },
      activeController: c0.uuid,
    });
    expect(planHostAction('force-lock', c0, simplex)).toMatchObject({ state: { administrative: 'locked' }, activeController: c0.uuid });
    // Unlocked but not yet in service (offline): still the only controller, still lockable on simplex.
    const offline = host('controller-0', { operational: 'disabled', availability: 'offline' });
    expect(planHostAction('lock', offline, { systemMode: 'simplex', others: [], activeController: null })).toMatchObject({ state: { administrative: 'locked', availability: 'offline' } });
    expect(refusal(() => planHostAction('lock', c0, duplex([])))).toMatchObject({ rule: 'active_controller' });
    expect(refusal(() => planHostAction('lock', offline, duplex([], null)))).toMatchObject({ rule: 'only_unlocked_controller' });
  });

  it('refuses to reboot a simplex system, as sysinv does, even locked', () => {
    const locked = host('controller-0', { administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(refusal(() => planHostAction('reboot', locked, { systemMode: 'simplex', others: [], activeController: locked.uuid }))).toEqual({
      rule: 'reboot_simplex',
      message: 'Rebooting a simplex system is not allowed.',
    });
    expect(refusal(() => planHostAction('reboot', c0, { systemMode: 'simplex', others: [], activeController: c0.uuid }))).toMatchObject({ rule: 'reboot_unlocked' });
  });

  it('unlocks an inventoried host; the first controller in service becomes active', () => {
    const locked = host('controller-0', { administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(planHostAction('unlock', locked, { systemMode: 'simplex', others: [], activeController: null })).toEqual({
      kind: 'state',
      state: { administrative: 'unlocked', operational: 'enabled', availability: 'available', task: '', action: 'none' },
      activeController: locked.uuid,
    });
    const offline = host('compute-3', { administrative: 'locked', operational: 'disabled', availability: 'offline' });
    expect(planHostAction('unlock', offline, duplex([c0]))).toMatchObject({ state: { administrative: 'unlocked', operational: 'disabled', availability: 'offline' }, activeController: c0.uuid });
  });

  it('refuses to unlock before the inventory is complete, or an unlocked host', () => {
    const fresh = host('compute-4', { administrative: 'locked', operational: 'disabled', availability: 'offline', invState: '' });
    expect(refusal(() => planHostAction('unlock', fresh, duplex([c0])))).toMatchObject({ rule: 'inventory_incomplete' });
    expect(refusal(() => planHostAction('force-unlock', fresh, duplex([c0])))).toMatchObject({ rule: 'inventory_incomplete' });
    expect(refusal(() => planHostAction('unlock', w0, duplex([c0])))).toMatchObject({ rule: 'already_unlocked' });
  });

  it('reboots only a locked host', () => {
    expect(refusal(() => planHostAction('reboot', w0, duplex([c0])))).toMatchObject({ rule: 'reboot_unlocked', message: expect.stringContaining('Lock it first') });
    const locked = host('compute-5', { administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(planHostAction('reboot', locked, duplex([c0]))).toMatchObject({ state: { task: 'Rebooting', action: 'reboot', availability: 'offline' } });
  });

  it('swacts to an in-service standby controller; refuses on simplex, from a standby, or without a standby', () => {
    expect(planHostAction('swact', c0, duplex([c1, w0]))).toEqual({ kind: 'state', state: expect.objectContaining({ administrative: 'unlocked' }), activeController: c1.uuid });
    expect(refusal(() => planHostAction('swact', c0, { systemMode: 'simplex', others: [], activeController: c0.uuid }))).toEqual({
      rule: 'swact_simplex',
      message: 'Swact action not allowed for a simplex system.',
    });
    expect(refusal(() => planHostAction('swact', c1, duplex([c0])))).toMatchObject({ rule: 'swact_not_active' });
    expect(refusal(() => planHostAction('swact', w0, duplex([c0])))).toMatchObject({ rule: 'swact_not_controller' });
    const lockedC1 = host('controller-1', { administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(refusal(() => planHostAction('swact', c0, duplex([lockedC1])))).toMatchObject({ rule: 'swact_no_standby' });
  });

  it('deletes only a locked host that is not the active controller', () => {
    expect(refusal(() => planHostAction('delete', w0, duplex([c0])))).toMatchObject({ rule: 'delete_unlocked' });
    const locked = host('compute-6', { administrative: 'locked', operational: 'disabled' });
    expect(planHostAction('delete', locked, duplex([c0]))).toEqual({ kind: 'delete' });
  });
});

describe('host change events', () => {
  it('raises 200.001 for a new or locked host, clears it on unlock, and logs state changes as 200.022', () => {
    const added = host('compute-7', { administrative: 'locked', operational: 'disabled', availability: 'offline' });
    expect(hostChangeEvents(null, added)).toEqual([expect.objectContaining({ kind: 'set', alarm: expect.objectContaining({ alarmId: '200.001', entityInstanceId: 'host=compute-7', severity: 'warning' }) })]);
    const locked = hostChangeEvents(w0, { ...w0, administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(locked.map((c) => (c.kind === 'set' ? `set ${c.alarm.alarmId}` : c.kind === 'log' ? `log ${c.entry.entityInstanceId}` : c.kind))).toEqual([
      'set 200.001',
      'log host=compute-0.state=disabled',
      'log host=compute-0.status=online',
    ]);
    const unlocked = hostChangeEvents({ ...w0, administrative: 'locked' }, w0);
    expect(unlocked).toEqual([{ kind: 'clear', alarmId: '200.001', entityInstanceId: 'host=compute-0' }]);
  });

  it('clears every alarm of a deleted host, and moves them with a rename', () => {
    expect(hostChangeEvents(w0, null)).toEqual([{ kind: 'clear-tree', entityInstanceId: 'host=compute-0', alarmIds: null }]);
    const before = host('compute-8', { administrative: 'locked' });
    const renamed = hostChangeEvents(before, { ...before, hostname: 'edge-8' });
    expect(renamed.map((c) => c.kind)).toEqual(['clear-tree', 'set']);
  });
});

describe('new host input', () => {
  it('normalises the MAC and reads the location as fm-style text', () => {
    expect(readNewHost({ hostname: 'compute-0', personality: 'worker', mgmt_mac: '08-00-27-0A-1B-2C', location: 'rack 4' })).toEqual({
      hostname: 'compute-0',
      personality: 'worker',
      mgmtMac: '08:00:27:0a:1b:2c',
      serialId: null,
      location: { locn: 'rack 4' },
    });
  });

  it('refuses bad personalities, hostnames and MACs, naming the field', () => {
    const field = (body: Record<string, unknown>) => {
      try {
        readNewHost(body);
      } catch (error) {
        return (error as { details: Record<string, unknown> }).details['field'];
      }
      return null;
    };
    expect(field({ hostname: 'x', personality: 'router' })).toBe('personality');
    expect(field({ hostname: 'Compute_0', personality: 'worker' })).toBe('hostname');
    expect(field({ hostname: 'ctl-2', personality: 'controller' })).toBe('hostname');
    expect(field({ hostname: 'compute-0', personality: 'worker', mgmt_mac: '08:00:27:0a:1b' })).toBe('mgmt_mac');
    expect(field({ hostname: 'compute-0', personality: 'worker', mgmt_mac: 'ff:ff:ff:ff:ff:ff' })).toBe('mgmt_mac');
  });
});
