import type { StepRecord, SwDeployOptions, SwDeployStepName } from '@murmuration/core/orchestration';
import { sleep, soakStep, success, waitFor, type StepRun, type StepType } from '../../engine/index.js';
import type { FaultService } from '../fault/index.js';
import type { HostService } from '../inventory/index.js';
import type { DeployService } from './deploy-service.js';
import { blockingAlarms } from './sw-deploy-health.js';

type Run = StepRun<SwDeployOptions>;

/** What the sw-deploy steps drive. */
export interface SwDeployStepDeps {
  readonly hosts: HostService;
  readonly deploy: DeployService;
  readonly fault: FaultService;
  /** How long the system is left to settle at the end. */
  readonly stabilizeMs: number;
}

/** What each step of a sw-deploy strategy does. Every step can run again after a restart without harm. */
export function swDeploySteps(deps: SwDeployStepDeps): Readonly<Record<SwDeployStepName, StepType<SwDeployOptions>>> {
  const { hosts, deploy, fault } = deps;
  const blocking = (run: Run) => blockingAlarms(fault, run.options.alarmRestrictions, run.failedHosts);
  const setAction = (run: Run, uuid: string, value: 'lock' | 'unlock') => hosts.patch(run.ctx, uuid, [{ op: 'replace', path: '/action', value }]);

  return {
    'query-alarms': {
      async apply(run) {
        const found = await blocking(run);
        return found.length === 0 ? success : { result: 'failed', reason: `alarms are active (${run.options.alarmRestrictions} restrictions): ${found.join(', ')}` };
      },
    },

    'lock-hosts': {
      async apply(run, record) {
        for (const uuid of record.entityUuids) {
          const { host } = await hosts.get(uuid);
          if (host.administrative !== 'locked') await setAction(run, uuid, 'lock');
        }
        return success;
      },
    },

    'sw-deploy-hosts': { apply: deployHosts },

    'unlock-hosts': {
      async apply(run, record) {
        for (const uuid of record.entityUuids) {
          const { host } = await hosts.get(uuid);
          if (host.administrative !== 'unlocked') await setAction(run, uuid, 'unlock');
        }
        return waitFor(run, `${record.entityNames.join(', ')} to be available`, async () => {
          const states = await Promise.all(record.entityUuids.map(async (uuid) => (await hosts.get(uuid)).host));
          return states.every((h) => h.operational === 'enabled' && h.availability === 'available') ? success : null;
        });
      },
    },

    'wait-alarms-clear': {
      apply: (run) => waitFor(run, 'alarms to clear', async () => ((await blocking(run)).length === 0 ? success : null)),
    },

    'system-stabilize': {
      async apply() {
        await sleep(deps.stabilizeMs);
        return success;
      },
    },

    soak: soakStep(blocking),
  };

  async function deployHosts(run: Run, record: StepRecord) {
    const { release } = run.options;
    const software = async () => new Map((await deploy.list()).map((e) => [e.host.uuid, e.software]));
    const before = await software();
    for (const uuid of record.entityUuids) {
      const s = before.get(uuid);
      const done = s?.running === release && s.state === 'deployed';
      const busy = s?.target === release && (s.state === 'deploying' || s.state === 'pending');
      if (!done && !busy) await deploy.deployHost(run.ctx, uuid, release);
    }
    // Every host of the group ends, deployed or failed, before the step does.
    return waitFor(run, `${record.entityNames.join(', ')} to run ${release}`, async () => {
      const now = await software();
      const group = record.entityUuids.map((uuid, i) => ({ name: record.entityNames[i]!, s: now.get(uuid) }));
      const deployed = (s: (typeof group)[number]['s']) => s?.running === release && s.state === 'deployed';
      if (!group.every((h) => deployed(h.s) || h.s?.state === 'failed')) return null;
      const failed = group.filter((h) => !deployed(h.s));
      if (failed.length === 0) return success;
      return {
        result: 'failed',
        reason: failed.map((h) => `${h.name}: ${h.s?.reason ?? 'deploy failed'} (left on ${h.s?.running ?? 'no release'})`).join('; '),
        failedHosts: failed.map((h) => h.name),
      };
    });
  }
}
