import { describe, expect, it } from 'vitest';
import {
  healthAlarms, healthOf, stateForHealth, type HeartbeatSettings, type HostRecord,
} from '@murmuration/core/inventory';

const MTCE: HeartbeatSettings = { periodMs: 100, degradeAfter: 6, failAfter: 10, offlineAfterMs: 5000 };

function worker(over: Partial<HostRecord> = {}): HostRecord {
  return {
    id: 3, uuid: 'uuid-compute-0', hostname: 'compute-0', personality: 'worker', subfunctions: 'worker',
    administrative: 'unlocked', operational: 'enabled', availability: 'available', task: '', action: 'none',
    mgmtMac: null, mgmtIp: null, serialId: null, location: {}, invState: 'inventoried', clockSynchronization: 'ntp',
    bootDevice: '/dev/sda', rootfsDevice: '/dev/sda', console: '', installOutput: 'text', uptime: 0,
    configTarget: 0, configApplied: 0, createdAt: 0, updatedAt: null, ...over,
  };
}

describe('heartbeat health', () => {
  it('counts whole missed periods: degraded at the 6th, failed at the 10th', () => {
    expect(healthOf(599, true, 0, MTCE)).toBe('up');
    expect(healthOf(600, true, 0, MTCE)).toBe('degraded');
    expect(healthOf(999, true, 0, MTCE)).toBe('degraded');
    expect(healthOf(1000, true, 0, MTCE)).toBe('failed');
  });

  it('is offline once the agent is gone for good: disconnected long enough, or silent long past the failure', () => {
    expect(healthOf(4000, false, 4999, MTCE)).toBe('failed');
    expect(healthOf(5000, false, 5000, MTCE)).toBe('offline');
    // Disconnected long ago but a beat just arrived on a new connection: not offline.
    expect(healthOf(50, false, 9000, MTCE)).toBe('up');
    expect(healthOf(1000 + 4999, true, 0, MTCE)).toBe('failed');
    expect(healthOf(1000 + 5000, true, 0, MTCE)).toBe('offline');
  });
});

describe('host state and alarms under a health', () => {
  it('moves an unlocked host between available, degraded, failed and offline', () => {
    const up = worker();
    expect(stateForHealth(up, 'up')).toBeNull();
    expect(stateForHealth(up, 'degraded')).toMatchObject({ operational: 'enabled', availability: 'degraded' });
    expect(stateForHealth(up, 'failed')).toMatchObject({ operational: 'disabled', availability: 'failed' });
    expect(stateForHealth(up, 'offline')).toMatchObject({ operational: 'disabled', availability: 'offline' });
    expect(stateForHealth(worker({ operational: 'disabled', availability: 'failed' }), 'up')).toMatchObject({ operational: 'enabled', availability: 'available' });
  });

  it('keeps a locked host disabled, online while it beats and offline once it stops', () => {
    const locked = worker({ administrative: 'locked', operational: 'disabled', availability: 'offline' });
    expect(stateForHealth(locked, 'up')).toMatchObject({ administrative: 'locked', operational: 'disabled', availability: 'online' });
    expect(stateForHealth(locked, 'degraded')).toMatchObject({ availability: 'online' });
    expect(stateForHealth({ ...locked, availability: 'online' }, 'failed')).toMatchObject({ availability: 'offline' });
  });

  it('ends the reboot task when the host comes back', () => {
    const rebooting = worker({ administrative: 'locked', operational: 'disabled', availability: 'offline', task: 'Rebooting', action: 'reboot' });
    expect(stateForHealth(rebooting, 'up')).toEqual({ administrative: 'locked', operational: 'disabled', availability: 'online', task: '', action: 'none' });
    expect(stateForHealth(rebooting, 'failed')).toBeNull();
  });

  it('raises 200.005 major when degraded, 200.005 and 200.004 critical when failed, and clears both when back or locked', () => {
    const summary = (host: HostRecord, health: Parameters<typeof healthAlarms>[1]) =>
      healthAlarms(host, health).map((c) => (c.kind === 'set' ? `set ${c.alarm.alarmId} ${c.alarm.severity}` : c.kind === 'clear' ? `clear ${c.alarmId}` : c.kind));
    expect(summary(worker(), 'degraded')).toEqual(['set 200.005 major', 'clear 200.004']);
    expect(summary(worker(), 'failed')).toEqual(['set 200.005 critical', 'set 200.004 critical']);
    expect(summary(worker(), 'offline')).toEqual(['set 200.005 critical', 'set 200.004 critical']);
    expect(summary(worker(), 'up')).toEqual(['clear 200.005', 'clear 200.004']);
    expect(summary(worker({ administrative: 'locked' }), 'failed')).toEqual(['clear 200.005', 'clear 200.004']);
    const set = healthAlarms(worker(), 'failed')[0]!;
    expect(set.kind === 'set' && set.alarm.entityInstanceId).toBe('host=compute-0');
  });
});
