import type { AlarmChange } from '../fault/alarm-changes.js';
import { buildAlarmSet } from '../fault/alarm-rules.js';
import type { HostRecord } from './host.js';

const CONFIG_OUT_OF_DATE = '250.001';

/**
 * The desired configuration of a host, which its agent writes under its configuration root.
 * Each part belongs to the service that owns it; the host's own settings come first, and later
 * services (time, CPU, certificates, software) add their sections.
 */
export interface HostConfigDocument {
  readonly generation: number;
  readonly host: {
    readonly hostname: string;
    readonly personality: string;
    readonly subfunctions: string;
    readonly clockSynchronization: string;
    readonly location: Readonly<Record<string, string>>;
  };
  /** The host's labels (for the node's Kubernetes labels). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The release the host should run (fetched from the controller and checked against the
   * signing key), or null; `rollback` while the host returns to it, so that its hooks run again.
   */
  readonly software: { readonly release: string; readonly sha256: string; readonly rollback: boolean } | null;
}

/** The configuration content the host record implies (everything but the generation). */
export function hostConfigOf(host: HostRecord): HostConfigDocument['host'] {
  return {
    hostname: host.hostname,
    personality: host.personality,
    subfunctions: host.subfunctions,
    clockSynchronization: host.clockSynchronization,
    location: host.location,
  };
}

/** Whether a change of the host record changes its desired configuration (and so its generation). */
export function hostConfigChanged(before: HostRecord, after: HostRecord): boolean {
  return JSON.stringify(hostConfigOf(before)) !== JSON.stringify(hostConfigOf(after));
}

/** 250.001 while the host's agent has not applied the current generation; its clear once it has. */
export function configAlarm(host: HostRecord, outOfDate: boolean): AlarmChange {
  const entityInstanceId = `host=${host.hostname}`;
  if (!outOfDate) return { kind: 'clear', alarmId: CONFIG_OUT_OF_DATE, entityInstanceId };
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: CONFIG_OUT_OF_DATE,
      entityInstanceId,
      severity: 'major',
      reasonText: `${host.hostname} Configuration is out-of-date. (applied: ${host.configApplied} target: ${host.configTarget})`,
    }),
  };
}
