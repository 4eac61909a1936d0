import type { AlarmChange } from '../fault/alarm-changes.js';
import { ALARM_IDS } from '../fault/alarm-ids.js';
import { buildAlarmSet } from '../fault/alarm-rules.js';

const { DEPLOY_HOST_FAILED, VERSION_MISMATCH } = ALARM_IDS;

/** Where a host's software deployment stands (USM `deploy_host` host_state). */
export const HOST_SOFTWARE_STATES = ['idle', 'pending', 'deploying', 'deployed', 'failed', 'rolling-back', 'rolled-back'] as const;
export type HostSoftwareState = (typeof HOST_SOFTWARE_STATES)[number];

/** How much of a failing hook's standard error is kept: its last characters. */
export const HOOK_OUTPUT_MAX = 4000;

/** A host's software: what runs, what it should run, and how the last deployment went. */
export interface HostSoftwareRecord {
  readonly hostUuid: string;
  /** The release in the host's active slot, null before any. */
  readonly running: string | null;
  /** The release in its other slot, which a rollback returns to. */
  readonly previous: string | null;
  /** The release the host should run, null when nothing was deployed to it. */
  readonly target: string | null;
  /** The release the host ran when its last deployment began: where a rollback returns. */
  readonly from: string | null;
  readonly state: HostSoftwareState;
  readonly reason: string | null;
  /** What the hook that failed the last deployment wrote to its standard error (its end). */
  readonly hookOutput: string | null;
  readonly updatedAt: number;
}

/** What a host's agent says after working on its target. */
export interface HostSoftwareReport {
  readonly running: string | null;
  readonly previous: string | null;
  readonly state: 'deployed' | 'failed' | 'rolled-back' | 'idle';
  readonly reason: string | null;
  readonly hookOutput: string | null;
}

/** 900.021 while the host's last deployment failed; its clear once one succeeds. */
export function deployHostAlarm(hostname: string, report: HostSoftwareReport): AlarmChange {
  const entityInstanceId = `host=${hostname}`;
  if (report.state !== 'failed') return { kind: 'clear', alarmId: DEPLOY_HOST_FAILED, entityInstanceId };
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: DEPLOY_HOST_FAILED,
      entityInstanceId,
      severity: 'major',
      reasonText: `Deploy host failed on ${hostname}: ${report.reason ?? 'no reason given'}`.slice(0, 255),
    }),
  };
}

/** 900.004 while a host that finished working on its target runs another release; its clear once it runs the target. */
export function versionMismatchAlarm(hostname: string, running: string | null, target: string | null): AlarmChange {
  const entityInstanceId = `host=${hostname}`;
  if (target === null || running === target) return { kind: 'clear', alarmId: VERSION_MISMATCH, entityInstanceId };
  return {
    kind: 'set',
    alarm: buildAlarmSet({
      alarmId: VERSION_MISMATCH,
      entityInstanceId,
      severity: 'major',
      reasonText: `${hostname} is running ${running ?? 'no release'}, not ${target}, the release it should run`.slice(0, 255),
    }),
  };
}
