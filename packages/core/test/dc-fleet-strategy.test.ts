import {
  dcStrategyState, readFleetStrategyRequest, stepDetails, subcloudFailure, SW_UPDATE_OPTIONS_DEFAULT, vimStrategyBody,
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
