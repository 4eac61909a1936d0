import { isManagementAffecting, type AlarmRestriction, type Clock, type RequestContext, type Severity, type StepRecord } from '@murmuration/core';
import type { FaultService } from '../fault/index.js';
import type { HostService } from '../inventory/index.js';
import type { DeployService } from '../software/index.js';

/** What steps reach: the services they drive, time, and how often they look again. */
export interface StepContext {
  readonly hosts: HostService;
  readonly deploy: DeployService;
  readonly fault: FaultService;
  readonly clock: Clock;
  readonly ctx: RequestContext;
  readonly release: string;
  readonly alarmRestrictions: AlarmRestriction;
  readonly pollMs: number;
  readonly stabilizeMs: number;
  /** True once the step's time is up or the controller is stopping: a waiting step gives up. */
  readonly expired: () => boolean;
}

/** How a step ended: success, or failed/timed-out with the reason. */
export type StepOutcome = { readonly result: 'success' } | { readonly result: 'failed' | 'timed-out'; readonly reason: string };

const success: StepOutcome = { result: 'success' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Alarms that never hold a strategy back: its own, locked hosts, and configuration catching up during the work. */
const ALWAYS_IGNORED = new Set(['900.201', '900.202', '900.203', '200.001', '250.001']);

/** The active alarms that forbid going on, as `alarm id (severity)`. */
async function blockingAlarms(step: StepContext): Promise<string[]> {
  const counts = await step.fault.alarmCounts();
  return counts
    .filter((c) => c.count > 0 && !ALWAYS_IGNORED.has(c.alarmId))
    .filter((c) => step.alarmRestrictions === 'strict' || isManagementAffecting(c.alarmId, c.severity as Severity))
    .map((c) => `${c.alarmId} (${c.severity})`);
}

/** Looks again every poll until `done` says something, or the step's time is up. */
async function waitFor(step: StepContext, what: string, done: () => Promise<StepOutcome | null>): Promise<StepOutcome> {
  for (;;) {
    const outcome = await done();
    if (outcome) return outcome;
    if (step.expired()) return { result: 'timed-out', reason: `timed out waiting for ${what}` };
    await sleep(step.pollMs);
  }
}

type StepRun = (step: StepContext, record: StepRecord) => Promise<StepOutcome>;

/** What each kind of step does. Every step can run again after a restart without harm. */
export const STEP_RUNS: Readonly<Record<StepRecord['name'], StepRun>> = {
  async 'query-alarms'(step) {
    const blocking = await blockingAlarms(step);
    return blocking.length === 0 ? success : { result: 'failed', reason: `alarms are active (${step.alarmRestrictions} restrictions): ${blocking.join(', ')}` };
  },

  async 'lock-hosts'(step, record) {
    for (const uuid of record.entityUuids) {
      const { host } = await step.hosts.get(uuid);
      if (host.administrative !== 'locked') await step.hosts.patch(step.ctx, uuid, [{ op: 'replace', path: '/action', value: 'lock' }]);
    }
    return success;
  },

  async 'sw-deploy-hosts'(step, record) {
    const software = async () => new Map((await step.deploy.list()).map((e) => [e.host.uuid, e.software]));
    const before = await software();
    for (const uuid of record.entityUuids) {
      const s = before.get(uuid);
      const done = s?.running === step.release && s.state === 'deployed';
      const busy = s?.target === step.release && (s.state === 'deploying' || s.state === 'pending');
      if (!done && !busy) await step.deploy.deployHost(step.ctx, uuid, step.release);
    }
    return waitFor(step, `${record.entityNames.join(', ')} to run ${step.release}`, async () => {
      const now = await software();
      const failed = record.entityUuids.map((uuid, i) => [record.entityNames[i], now.get(uuid)] as const).filter(([, s]) => s?.state === 'failed');
      if (failed.length > 0) return { result: 'failed', reason: failed.map(([name, s]) => `${name}: ${s?.reason ?? 'deploy failed'}`).join('; ') };
      return record.entityUuids.every((uuid) => now.get(uuid)?.running === step.release && now.get(uuid)?.state === 'deployed') ? success : null;
    });
  },

  async 'unlock-hosts'(step, record) {
    for (const uuid of record.entityUuids) {
      const { host } = await step.hosts.get(uuid);
      if (host.administrative !== 'unlocked') await step.hosts.patch(step.ctx, uuid, [{ op: 'replace', path: '/action', value: 'unlock' }]);
    }
    return waitFor(step, `${record.entityNames.join(', ')} to be available`, async () => {
      const states = await Promise.all(record.entityUuids.map(async (uuid) => (await step.hosts.get(uuid)).host));
      return states.every((h) => h.operational === 'enabled' && h.availability === 'available') ? success : null;
    });
  },

  async 'wait-alarms-clear'(step) {
    return waitFor(step, 'alarms to clear', async () => ((await blockingAlarms(step)).length === 0 ? success : null));
  },

  async 'system-stabilize'(step) {
    await sleep(step.stabilizeMs);
    return success;
  },
};
