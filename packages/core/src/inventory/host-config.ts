import type { AlarmChange } from '../fault/alarm-changes.js';
import { ALARM_IDS } from '../fault/alarm-ids.js';
import { buildAlarmSet } from '../fault/alarm-rules.js';
import type { AgentConfigDocument } from '../contract/agent.js';
import type { HostRecord } from './host.js';

const { CONFIG_OUT_OF_DATE } = ALARM_IDS;

/**
 * The desired configuration of a host, which its agent writes under its configuration root: a
 * generation, and one section per service that configures hosts (the host's own settings and its
 * labels from inventory, the release it should run from software; later time, CPU and
 * certificates). The agent contract declares the sections; each service contributes its own.
 */
export type HostConfigDocument = AgentConfigDocument & ContributedHostConfigSections;

/**
 * Sections a service adds from its own folder, by declaration merging
 * (`declare module '../inventory/host-config.js' { interface ContributedHostConfigSections { … } }`); the controller's
 * list of modules must then contribute a reader for each, or it does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ContributedHostConfigSections {}
/** The sections of a host's desired configuration, by name. */
export type HostConfigSections = Omit<HostConfigDocument, 'generation'>;
export type HostConfigSectionName = keyof HostConfigSections;

/** The `host` section: the configuration the host record itself implies. */
export function hostConfigOf(host: HostRecord): HostConfigSections['host'] {
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
