import type { AlarmChange } from '../fault/alarm-changes.js';
import { ALARM_IDS, type PlatformAlarmId } from '../fault/alarm-ids.js';
import { buildAlarmSet, buildLogEntry } from '../fault/alarm-rules.js';
import type { HostRecord } from './host.js';

const { HOST_LOCKED, HOST_STATE_LOG, HOST_COMMAND_LOG } = ALARM_IDS;

const hostEntity = (host: HostRecord): string => `host=${host.hostname}`;

function locked(host: HostRecord): AlarmChange {
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: HOST_LOCKED,
      entityInstanceId: hostEntity(host),
      severity: 'warning',
      reasonText: `${host.hostname} was administratively locked to take it out of service.`,
    }),
  };
}

function stateLog(
  host: HostRecord,
  suffix: string,
  reasonText: string,
  alarmId: PlatformAlarmId = HOST_STATE_LOG,
): AlarmChange {
  return { kind: 'log', entry: buildLogEntry({ alarmId, entityInstanceId: `${hostEntity(host)}.${suffix}`, severity: 'not-applicable', reasonText }) };
}

const LOGGED_AVAILABILITY = new Set(['online', 'offline', 'failed']);

/**
 * The alarm and event-log changes that go with a host's change, committed in the same
 * transaction: a locked host carries 200.001, a deleted one takes its alarms with it, and
 * changes of operational state and of availability are logged as 200.022.
 */
export function hostChangeEvents(before: HostRecord | null, after: HostRecord | null): AlarmChange[] {
  if (after === null) {
    return before ? [{ kind: 'clear-tree', entityInstanceId: hostEntity(before), alarmIds: null }] : [];
  }
  const changes: AlarmChange[] = [];
  const renamed = before !== null && before.hostname !== after.hostname;
  if (renamed) {
    // Alarms name the host: the old name's alarms go, the new name carries what still applies.
    changes.push({ kind: 'clear-tree', entityInstanceId: hostEntity(before), alarmIds: null });
    if (after.administrative === 'locked') changes.push(locked(after));
  }
  if (!renamed && (before === null || before.administrative !== after.administrative)) {
    if (after.administrative === 'locked') changes.push(locked(after));
    else if (before) changes.push({ kind: 'clear', alarmId: HOST_LOCKED, entityInstanceId: hostEntity(after) });
  }
  if (before && before.operational !== after.operational) {
    changes.push(stateLog(after, `state=${after.operational}`, `${after.hostname} is now '${after.operational}'`));
  }
  if (before && before.availability !== after.availability && LOGGED_AVAILABILITY.has(after.availability)) {
    changes.push(stateLog(after, `status=${after.availability}`, `${after.hostname} is now '${after.availability}'`));
  }
  return changes;
}

/** The 200.021 log of an operator's command on a host (unlock, reboot…), when the catalogue names it. */
export function hostCommandEvent(host: HostRecord, command: 'unlock' | 'reboot'): AlarmChange {
  return stateLog(host, `command=${command}`, `${host.hostname} ${command} request`, HOST_COMMAND_LOG);
}
