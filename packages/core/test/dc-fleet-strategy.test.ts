import {
  dcStrategyState, prestagePercent, prestageRefusal, readFleetStrategyRequest, readPrestageRequest, stepDetails,
  withPrestageVersion, type SubcloudRecord, subcloudFailure, SW_UPDATE_OPTIONS_DEFAULT, vimStrategyBody,
  type FleetPhaseCounts,
} from '@murmuration/core/dc';
import { describe, expect, it } from 'vitest';

const none: FleetPhaseCounts = { waiting: 0, running: 0, deferred: 0, complete: 0, failed: 0, aborted: 0 };
const facts = { group: null, releaseExists: true };

describe('a fleet strategy\'s dcmanager state', () => {
  it('follows the engine: initial until applied, then applying', () => {
    expect(dcStrategyState({ state: 'ready-to-apply', applyResult: 'initial' }, { ...none, waiting: 3 })).toBe('initial');
    expect(dcStrategyState({ state: 'applying', applyResult: 'inprogress' }, { ...none, running: 2 })).toBe('applying');
  });

  it('is abort requested while steps not started are left, then aborting, then aborted (failed if one failed)', () => {
    expect(dcStrategyState({ state: 'aborting', applyResult: 'inprogress' }, { ...none, deferred: 1, running: 1 })).toBe('abort requested');
    expect(dcStrategyState({ state: 'aborting', applyResult: 'inprogress' }, { ...none, running: 1, aborted: 4 })).toBe('aborting');
    expect(dcStrategyState({ state: 'aborted', applyResult: 'aborted' }, { ...none, complete: 1, aborted: 4 })).toBe('aborted');
    expect(dcStrategyState({ state: 'aborted', applyResult: 'aborted' }, { ...none, failed: 1, aborted: 4 })).toBe('failed');
  });

  it('ends complete only when no subcloud failed, a failure within the budget included', () => {
    expect(dcStrategyState({ state: 'applied', applyResult: 'success' }, { ...none, complete: 5 })).toBe('complete');
    expect(dcStrategyState({ state: 'applied', applyResult: 'degraded' }, { ...none, complete: 4, failed: 1 })).toBe('failed');
    expect(dcStrategyState({ state: 'apply-failed', applyResult: 'failed' }, { ...none, failed: 3, waiting: 2 })).toBe('failed');
    expect(dcStrategyState({ state: 'apply-timeout', applyResult: 'timed-out' }, none)).toBe('failed');
  });
});

describe('a fleet strategy request', () => {
  const body = { type: 'sw-deploy', release_id: 'r-1', snapshot: false, rollback: false, delete: false, cleanup: false };

  it('takes dcmanager\'s defaults: 2 at a time, no apply type, no canaries, no failures allowed', () => {
    expect(readFleetStrategyRequest(body, facts)).toEqual({
      type: 'sw-deploy', cloudName: null, groupId: null, subcloudApplyType: null, maxParallelSubclouds: 2, stopOnFailure: false,
      releaseId: 'r-1', snapshot: false, delete: false, canary: 0, soakSeconds: 0, maxFailures: { count: 0 }, maxFailuresGiven: null,
      withPrestage: false, forSwDeploy: false, force: false,
    });
  });

  it('reads the rollout: canaries, a soak in seconds or as a duration, failures as a count or a share', () => {
    const read = readFleetStrategyRequest({ ...body, canary: '5', soak: '1h30m', 'max-failures': '10%', 'max-parallel-subclouds': '50' }, facts);
    expect([read.canary, read.soakSeconds, read.maxFailures, read.maxFailuresGiven, read.maxParallelSubclouds]).toEqual([5, 5400, { percent: 10 }, '10%', 50]);
    expect(readFleetStrategyRequest({ ...body, 'max-failures': 3, soak: 90, 'stop-on-failure': 'true' }, facts)).toMatchObject({
      maxFailures: { count: 3 }, maxFailuresGiven: '3', soakSeconds: 90, stopOnFailure: true,
    });
    expect(() => readFleetStrategyRequest({ ...body, soak: '8d' }, facts)).toThrow('soak must be at most 604800 seconds');
  });

  it('merges with_delete into delete as dcmanager does, and refuses what no subcloud here can do', () => {
    expect(readFleetStrategyRequest({ ...body, with_delete: 'true' }, facts).delete).toBe(true);
    expect(() => readFleetStrategyRequest({ ...body, release_id: undefined, rollback: true }, facts)).toThrow('A rollback strategy is not supported');
    expect(() => readFleetStrategyRequest({ ...body, release_id: undefined, delete_only: true }, facts)).toThrow('cleanup is not supported');
    expect(() => readFleetStrategyRequest({ ...body, sysadmin_password: 'cA==' }, facts)).toThrow('The with_prestage option is required when using sysadmin_password');
  });

  it('takes with_prestage with the sysadmin password, at most 250 subclouds at once', () => {
    expect(readFleetStrategyRequest({ ...body, with_prestage: true, sysadmin_password: 'cA==' }, facts)).toMatchObject({
      withPrestage: true, forSwDeploy: true, force: false,
    });
    expect(() => readFleetStrategyRequest({ ...body, with_prestage: true }, facts)).toThrow('subcloud sysadmin_password required');
    const wide = { ...body, with_prestage: true, sysadmin_password: 'cA==', 'max-parallel-subclouds': 251 };
    expect(() => readFleetStrategyRequest(wide, facts)).toThrow('For prestage strategy, the value must be between 1 and 250');
    expect(readFleetStrategyRequest({ ...body, 'max-parallel-subclouds': 251 }, facts).maxParallelSubclouds).toBe(251);
  });

  it('reads a prestage strategy: its release, what for, forced or not; no canaries', () => {
    const prestage = { type: 'prestage', release: 'r-1', sysadmin_password: 'cA==', for_sw_deploy: 'true', force: 'true', canary: 3 };
    expect(readFleetStrategyRequest(prestage, facts)).toMatchObject({
      type: 'prestage', releaseId: 'r-1', forSwDeploy: true, force: true, canary: 0, soakSeconds: 0, maxParallelSubclouds: 2,
    });
    expect(() => readFleetStrategyRequest({ ...prestage, 'max-parallel-subclouds': 300 }, facts)).toThrow('between 1 and 250');
    expect(() => readFleetStrategyRequest(prestage, { ...facts, releaseExists: false })).toThrow('Release r-1 is not available on the SystemController');
  });
});

describe('a prestage request', () => {
  const exists = { releaseExists: (id: string) => id === 'r-1' };
  const body = { sysadmin_password: 'U3lzYWRtaW4qMQ==', release: 'r-1' };

  it('is for an install unless for_sw_deploy; force and the flags are dcmanager\'s booleans', () => {
    expect(readPrestageRequest(body, exists)).toEqual({ releaseId: 'r-1', forSwDeploy: false, force: false });
    expect(readPrestageRequest({ ...body, for_sw_deploy: 'true', force: 'TRUE' }, exists)).toEqual({ releaseId: 'r-1', forSwDeploy: true, force: true });
    expect(() => readPrestageRequest({ ...body, for_install: 'true', for_sw_deploy: 'true' }, exists)).toThrow('mutually exclusive');
    expect(() => readPrestageRequest({ ...body, force: 'yes' }, exists)).toThrow("Invalid value 'yes' for force");
  });

  it('needs the sysadmin password in base64 and a release the system controller holds', () => {
    expect(() => readPrestageRequest(null, exists)).toThrow('Body required');
    expect(() => readPrestageRequest({ release: 'r-1' }, exists)).toThrow('subcloud sysadmin_password required');
    expect(() => readPrestageRequest({ ...body, sysadmin_password: 'abc' }, exists)).toThrow('base64');
    expect(() => readPrestageRequest({ ...body, release: '' }, exists)).toThrow('release required');
    expect(() => readPrestageRequest({ ...body, release: 'r-2' }, exists)).toThrow('Release r-2 is not available on the SystemController');
  });

  it('is refused on a subcloud that is prestaging, deploying, unmanaged, offline or in another deploy status', () => {
    const ok = {
      name: 'sc1', prestageStatus: null, deployStatus: 'complete', managementState: 'managed', availabilityStatus: 'online',
    } as unknown as SubcloudRecord;
    const refusal = (changes: Partial<SubcloudRecord>) => {
      const error = prestageRefusal({ ...ok, ...changes });
      return error && [error.status, error.details?.rule];
    };
    expect(refusal({})).toBeNull();
    expect(refusal({ deployStatus: 'sw-deploy-apply-strategy-failed' })).toBeNull();
    expect(refusal({ prestageStatus: 'prestaging' })).toEqual([409, 'prestage_in_progress']);
    expect(refusal({ deployStatus: 'sw-deploy-in-progress' })).toEqual([409, 'subcloud_deploy_status']);
    expect(refusal({ managementState: 'unmanaged' })).toEqual([400, 'subcloud_unmanaged']);
    expect(refusal({ availabilityStatus: 'offline' })).toEqual([400, 'subcloud_offline']);
    expect(refusal({ deployStatus: 'create-failed' })).toEqual([400, 'subcloud_deploy_status']);
  });

  it('counts progress in whole percents, 100 only when all is there, and keeps each prestaged version once', () => {
    expect(prestagePercent({ bytesSent: 0, bytesTotal: 0 })).toBe(0);
    expect(prestagePercent({ bytesSent: 999, bytesTotal: 1000 })).toBe(99);
    expect(prestagePercent({ bytesSent: 1000, bytesTotal: 1000 })).toBe(100);
    expect(withPrestageVersion(null, 'a')).toBe('a');
    expect(withPrestageVersion('a,b', 'a')).toBe('a,b');
    expect(withPrestageVersion('a', 'c')).toBe('a,c');
  });
});

describe('a subcloud step\'s details', () => {
  it('name the state it failed in, and are replaced by a pointer to the logs past 1000 characters', () => {
    const failure = subcloudFailure('sc1', 'VIM strategy apply failed: no room', { vimState: 'apply-failed', vimStrategy: true });
    expect(stepDetails('apply VIM sw-deploy strategy', failure)).toBe(
      'apply VIM sw-deploy strategy: Failed for subcloud sc1: VIM strategy apply failed: no room State: apply-failed Strategy: sw-upgrade',
    );
    expect(stepDetails('sw-deploy pre-check', 'x'.repeat(1000))).toBe(
      'Error message longer than 1000 characters, please check orchestrator logs for additional details.',
    );
  });

  it('make the subcloud\'s own strategy with its options, as dcmanager\'s VIM driver sends them', () => {
    expect(vimStrategyBody(SW_UPDATE_OPTIONS_DEFAULT, { releaseId: 'r-1', snapshot: true, delete: false })).toEqual({
      'default-instance-action': 'migrate', release: 'r-1', rollback: false, delete: false, snapshot: true,
      'controller-apply-type': 'serial', 'storage-apply-type': 'parallel', 'worker-apply-type': 'parallel',
      'max-parallel-worker-hosts': 10, 'alarm-restrictions': 'relaxed',
    });
  });
});
