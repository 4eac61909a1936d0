import { describe, expect, it } from 'vitest';
import type { HostRecord } from '@murmuration/core/inventory';
import { planSwDeploy, readSwDeployOptions } from '@murmuration/core/orchestration';

let id = 1;
function host(hostname: string, administrative: 'locked' | 'unlocked' = 'unlocked'): HostRecord {
  const personality = hostname.startsWith('controller') ? 'controller' : hostname.startsWith('storage') ? 'storage' : 'worker';
  return {
    id: id++, uuid: `uuid-${hostname}`, hostname, personality, subfunctions: personality, administrative, operational: 'enabled', availability: 'available', task: '', action: 'none',
    mgmtMac: null, mgmtIp: null, serialId: null, location: {}, invState: 'inventoried', clockSynchronization: 'ntp', bootDevice: '', rootfsDevice: '', console: '',
    installOutput: 'text', uptime: 0, configTarget: 0, configApplied: 0, createdAt: 0, updatedAt: null,
  };
}
const hosts = [host('compute-10'), host('controller-1'), host('compute-2'), host('controller-0'), host('compute-1', 'locked'), host('compute-3'), host('compute-4')];
const summary = (stages: ReturnType<typeof planSwDeploy>) => stages.map((s) => `${s.name}: ${s.steps.map((st) => `${st.name}${st.entityNames.length ? `(${st.entityNames.join(',')})` : ''}`).join(' ')}`);

describe('sw-deploy strategy plan', () => {
  it('checks alarms, does controllers one at a time, then workers in groups of max-parallel, then settles', () => {
    const options = readSwDeployOptions({ release: 'tools-2.0.0', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 2 });
    expect(summary(planSwDeploy(options, hosts, new Map(), true))).toEqual([
      'sw-upgrade-start: query-alarms',
      'sw-upgrade-controllers: lock-hosts(controller-0) sw-deploy-hosts(controller-0) unlock-hosts(controller-0) wait-alarms-clear',
      'sw-upgrade-controllers: lock-hosts(controller-1) sw-deploy-hosts(controller-1) unlock-hosts(controller-1) wait-alarms-clear',
      'sw-upgrade-worker-hosts: lock-hosts(compute-2) sw-deploy-hosts(compute-1,compute-2) unlock-hosts(compute-2) wait-alarms-clear',
      'sw-upgrade-worker-hosts: lock-hosts(compute-3,compute-4) sw-deploy-hosts(compute-3,compute-4) unlock-hosts(compute-3,compute-4) wait-alarms-clear',
      'sw-upgrade-worker-hosts: lock-hosts(compute-10) sw-deploy-hosts(compute-10) unlock-hosts(compute-10) wait-alarms-clear',
      'sw-upgrade-complete: system-stabilize',
    ]);
  });

  it('leaves out hosts running the release already and ignored kinds of host', () => {
    const options = readSwDeployOptions({ release: 'tools-2.0.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'serial' });
    const stages = planSwDeploy(options, hosts, new Map([['uuid-compute-2', 'tools-2.0.0']]), true);
    expect(stages.filter((s) => s.name === 'sw-upgrade-worker-hosts').map((s) => s.steps.find((st) => st.name === 'sw-deploy-hosts')!.entityNames)).toEqual([['compute-1'], ['compute-3'], ['compute-4'], ['compute-10']]);
    expect(stages.some((s) => s.name === 'sw-upgrade-controllers')).toBe(false);
    expect(stages.map((s) => s.stageId)).toEqual(stages.map((_, i) => i));
  });

  it('installs an in-service release without locking anyone', () => {
    const options = readSwDeployOptions({ release: 'tools-2.0.0', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 3 });
    expect(summary(planSwDeploy(options, hosts, new Map(), false)).slice(1, 4)).toEqual([
      'sw-upgrade-controllers: sw-deploy-hosts(controller-0) wait-alarms-clear',
      'sw-upgrade-controllers: sw-deploy-hosts(controller-1) wait-alarms-clear',
      'sw-upgrade-worker-hosts: sw-deploy-hosts(compute-1,compute-2,compute-3) wait-alarms-clear',
    ]);
  });

  it('puts the canaries first, in a stage of their own that soaks', () => {
    const options = readSwDeployOptions({ release: 'tools-2.0.0', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': 3, canary: 1, soak: 600, 'max-failures': '10%' });
    expect(options.maxFailures).toEqual({ percent: 10 });
    expect(summary(planSwDeploy(options, hosts, new Map(), false)).slice(3)).toEqual([
      'sw-upgrade-canary-hosts: sw-deploy-hosts(compute-1) wait-alarms-clear soak',
      'sw-upgrade-worker-hosts: sw-deploy-hosts(compute-2,compute-3,compute-4) wait-alarms-clear',
      'sw-upgrade-worker-hosts: sw-deploy-hosts(compute-10) wait-alarms-clear',
      'sw-upgrade-complete: system-stabilize',
    ]);
    expect(() => readSwDeployOptions({ release: 'x', 'max-failures': '150%' })).toThrow('max-failures must be');
    expect(readSwDeployOptions({ release: 'x', 'max-failures': 2 }).maxFailures).toEqual({ count: 2 });
  });

  it('refuses options out of range, naming the key', () => {
    expect(() => readSwDeployOptions({ release: 'x', 'max-parallel-worker-hosts': 1 })).toThrow('max-parallel-worker-hosts must be from 2 to 1000');
    expect(() => readSwDeployOptions({ release: 'x', 'max-parallel-worker-hosts': 1001 })).toThrow('max-parallel-worker-hosts');
    expect(() => readSwDeployOptions({ release: 'x', 'controller-apply-type': 'parallel' })).toThrow('controller-apply-type must be one of serial, ignore');
    expect(() => readSwDeployOptions({})).toThrow('release is required');
    expect(readSwDeployOptions({ release: ['tools-1'], 'max-parallel-worker-hosts': '20' })).toMatchObject({ release: 'tools-1', maxParallelWorkerHosts: 20, alarmRestrictions: 'strict' });
  });
});
