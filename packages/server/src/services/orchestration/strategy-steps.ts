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
  /** Hosts that failed within the failure budget: their alarms do not hold the strategy back. */
  readonly failedHosts: readonly string[];
  readonly pollMs: number;
  readonly stabilizeMs: number;
  readonly soakMs: number;
  /** True once the step's time is up or the controller is stopping: a waiting step gives up. */
  readonly expired: () => boolean;
}

/**
 * How a step ended: success, or failed/timed-out with the reason; a deploy step also names the
 * hosts that failed (each left on its previous release), which a failure budget may carry on past.
 */
export type StepOutcome =
  | { readonly result: 'success' }
  | { readonly result: 'failed' | 'timed-out'; readonly reason: string; readonly failedHosts?: readonly string[] };

const success: StepOutcome = { result: 'success' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Alarms that never hold a sw-deploy strategy back, as the VIM's list: its own and those of
 * earlier strategies, locked hosts, configuration catching up, and the deployment's own alarms
 * (a host whose last deployment failed, 900.021, or that runs another release than its target,
 * 900.004), so that a new strategy can take over hosts a failed one left behind.
 */
const ALWAYS_IGNORED = new Set([
  '100.119', '200.001', '200.003', '250.001', '280.001', '280.002', '280.003', '280.004', '280.005', '700.004', '750.006',
  '900.004', '900.005', '900.007', '900.020', '900.021', '900.022', '900.023', '900.201', '900.202', '900.203', '900.231', '900.401', '900.402', '900.701',
]);

/** The active alarms that forbid going on, as `alarm id (severity)`; those of hosts the failure budget let fail do not count. */
async function blockingAlarms(step: StepContext): Promise<string[]> {
  const { items } = await step.fault.alarms.list({ filter: {}, includeSuppressed: true, sortKey: 'alarm_id', descending: false, limit: null, marker: null });
  const tolerated = new Set(step.failedHosts.map((h) => `host=${h}`));
  const blocking = items
    .map((view) => view.alarm)
    .filter((a) => !ALWAYS_IGNORED.has(a.alarmId) && !tolerated.has(a.entityInstanceId))
    .filter((a) => step.alarmRestrictions === 'strict' || isManagementAffecting(a.alarmId, a.severity as Severity))
    .map((a) => `${a.alarmId} (${a.severity})`);
  return [...new Set(blocking)];
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
    // Every host of the group ends, deployed or failed, before the step does.
    return waitFor(step, `${record.entityNames.join(', ')} to run ${step.release}`, async () => {
      const now = await software();
      const hosts = record.entityUuids.map((uuid, i) => ({ name: record.entityNames[i]!, s: now.get(uuid) }));
      const deployed = (s: (typeof hosts)[number]['s']) => s?.running === step.release && s.state === 'deployed';
      if (!hosts.every((h) => deployed(h.s) || h.s?.state === 'failed')) return null;
      const failed = hosts.filter((h) => !deployed(h.s));
      if (failed.length === 0) return success;
      return {
        result: 'failed',
        reason: failed.map((h) => `${h.name}: ${h.s?.reason ?? 'deploy failed'} (left on ${h.s?.running ?? 'no release'})`).join('; '),
        failedHosts: failed.map((h) => h.name),
      };
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

  /** The canaries run for the soak time with clean health, or the strategy stops. */
  async soak(step) {
    const until = step.clock.now() + step.soakMs;
    while (step.clock.now() < until) {
      const blocking = await blockingAlarms(step);
      if (blocking.length > 0) return { result: 'failed', reason: `health not clean while the canaries soaked: ${blocking.join(', ')}` };
      if (step.expired()) return { result: 'timed-out', reason: 'the controller stopped during the soak' };
      await sleep(Math.min(step.pollMs, Math.max(0, until - step.clock.now())));
    }
    return success;
  },
};
