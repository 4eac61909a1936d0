import type { AlarmChange } from '../fault/alarm-changes.js';
import { ALARM_IDS } from '../fault/alarm-ids.js';
import { buildAlarmSet } from '../fault/alarm-rules.js';
import type { HostRecord, HostState } from './host.js';

const { HEARTBEAT_LOSS, HOST_FAILED } = ALARM_IDS;

/**
 * What maintenance knows of a host from its agent's heartbeats: `up` while they arrive,
 * `degraded` after the degrade threshold of missed periods, `failed` after the failure
 * threshold, `offline` once the agent has been gone for good.
 */
export const HOST_HEALTHS = ['up', 'degraded', 'failed', 'offline'] as const;
export type HostHealth = (typeof HOST_HEALTHS)[number];

/** Maintenance's thresholds, in heartbeat periods (StarlingX mtce: 100 ms, 6 and 10). */
export interface HeartbeatSettings {
  readonly periodMs: number;
  readonly degradeAfter: number;
  readonly failAfter: number;
  /** After this long without a connection a failed host is offline. */
  readonly offlineAfterMs: number;
}

/** How healthy a host is, from the time since its last heartbeat and whether its agent is connected. */
export function healthOf(
  sinceLastBeatMs: number,
  connected: boolean,
  sinceDisconnectMs: number,
  settings: HeartbeatSettings,
): HostHealth {
  const missed = Math.floor(sinceLastBeatMs / settings.periodMs);
  // Gone for good: disconnected for a while, or silent that long past the failure (a half-open connection).
  const gone = connected
    ? sinceLastBeatMs >= settings.failAfter * settings.periodMs + settings.offlineAfterMs
    : sinceDisconnectMs >= settings.offlineAfterMs;
  if (missed >= settings.failAfter && gone) return 'offline';
  if (missed >= settings.failAfter) return 'failed';
  if (missed >= settings.degradeAfter) return 'degraded';
  return 'up';
}

const entity = (host: HostRecord): string => `host=${host.hostname}`;

/**
 * The host's state under `health`: an unlocked host is enabled and available while its
 * heartbeats arrive, degraded when some are missed, disabled and failed when they stop, offline
 * when its agent is gone; a locked host is only online or offline. Null when nothing changes.
 */
export function stateForHealth(host: HostRecord, health: HostHealth): HostState | null {
  const keep = { task: host.task, action: host.action };
  let next: Pick<HostState, 'operational' | 'availability'>;
  if (host.administrative === 'locked') {
    next = { operational: 'disabled', availability: health === 'up' || health === 'degraded' ? 'online' : 'offline' };
  } else {
    next =
      health === 'up'
        ? { operational: 'enabled', availability: 'available' }
        : health === 'degraded'
          ? { operational: 'enabled', availability: 'degraded' }
          : { operational: 'disabled', availability: health === 'failed' ? 'failed' : 'offline' };
  }
  // A host that is back clears the task of the reboot that took it away.
  if (health === 'up' && host.task === 'Rebooting') Object.assign(keep, { task: '', action: 'none' });
  if (next.operational === host.operational && next.availability === host.availability && keep.task === host.task) {
    return null;
  }
  return { administrative: host.administrative, ...next, ...keep };
}

/** How loud maintenance's alarms are for a health: heartbeat loss is major when degraded, critical from failure on. */
function alarmLevel(health: HostHealth | null): 'none' | 'major' | 'critical' | null {
  if (health === null) return null;
  return health === 'up' ? 'none' : health === 'degraded' ? 'major' : 'critical';
}

/**
 * Maintenance's alarm changes when an unlocked host's health goes from `from` to `to`: none when
 * the alarms stay as they are (failed to offline), all of them when `from` is unknown (the host
 * is decided afresh after a reconnection, a lock or an unlock).
 */
export function healthAlarmChanges(host: HostRecord, from: HostHealth | null, to: HostHealth): AlarmChange[] {
  if (from !== null && alarmLevel(from) === alarmLevel(to)) return [];
  return healthAlarms(host, to);
}

/**
 * Maintenance's alarms for a host in `health`: 200.005 heartbeat loss (major when degraded,
 * critical when failed) and 200.004 host failure, raised only for unlocked hosts and cleared
 * as soon as heartbeats return or the host is locked.
 */
export function healthAlarms(host: HostRecord, health: HostHealth): AlarmChange[] {
  const id = entity(host);
  const clear = (alarmId: string): AlarmChange => ({ kind: 'clear', alarmId, entityInstanceId: id });
  if (host.administrative === 'locked' || health === 'up') return [clear(HEARTBEAT_LOSS), clear(HOST_FAILED)];
  if (health === 'degraded') {
    return [
      {
        kind: 'set',
        alarm: buildAlarmSet({ alarmId: HEARTBEAT_LOSS, entityInstanceId: id, severity: 'major', reasonText: `${host.hostname} is experiencing intermittent 'Management Network' heartbeat failures.` }),
      },
      clear(HOST_FAILED),
    ];
  }
  return [
    {
      kind: 'set',
      alarm: buildAlarmSet({ alarmId: HEARTBEAT_LOSS, entityInstanceId: id, severity: 'critical', reasonText: `${host.hostname} is experiencing a persistent critical 'Management Network' communication failure.` }),
    },
    {
      kind: 'set',
      alarm: buildAlarmSet({ alarmId: HOST_FAILED, entityInstanceId: id, severity: 'critical', reasonText: `${host.hostname} experienced a service-affecting failure; its agent stopped heartbeating.` }),
    },
  ];
}
