import {
  formatList, formatObject, OPTIONS_LIST_COLUMNS, optionsFields, optionsListRow, progressLine, STEP_LIST_COLUMNS,
  stepCounts, stepFields, stepListRow, strategyFields,
} from '@murmuration/cli';
import type { StrategyStepObject, SwUpdateOptionsObject } from '@murmuration/core/contract/dcmanager-orchestration';
import { describe, expect, it } from 'vitest';
import { asColumns, cells } from './support/table-cells.js';
import { strategy } from './support/dcmanager-strategy-wire.js';

const fields = (object: Parameters<typeof formatObject>[0]) => cells(formatObject(object, { format: 'table', label: 'Field', sort: false }));

describe('sw-deploy-strategy: dcmanager\'s rows', () => {
  it('shows the seven rows with the six of sw-deploy after stop on failure, as dcmanager does', () => {
    expect(fields(strategyFields(strategy()))).toEqual([
      ['Field', 'Value'],
      ['strategy type', 'sw-deploy'],
      ['subcloud apply type', 'None'],
      ['max parallel subclouds', '2'],
      ['stop on failure', 'False'],
      ['release_id', 'edge-2.0.0'],
      ['snapshot', 'False'],
      ['rollback', 'False'],
      ['delete_option', 'None'],
      ['with_prestage', 'None'],
      ['kube_upgrade', 'None'],
      ['state', 'initial'],
      ['created_at', '2026-03-01T10:00:00.123456'],
      ['updated_at', 'None'],
    ]);
  });

  it('names the delete option and prestage as dcmanager does, and adds the rollout rows only when set', () => {
    const s = strategy({ 'stop-on-failure': true, 'subcloud-apply-type': 'parallel', 'max-parallel-subclouds': 500 }, {
      delete: true, with_prestage: true, canary: 10, soak: 600, 'max-failures': '2%',
    });
    const shown = Object.fromEntries(fields(strategyFields(s)).slice(1));
    expect(shown).toMatchObject({
      'subcloud apply type': 'parallel', 'max parallel subclouds': '500', 'stop on failure': 'True',
      delete_option: 'delete', with_prestage: 'with_prestage', canary: '10', soak: '600', 'max failures': '2%',
    });
    const keys = fields(strategyFields(s)).map(([k]) => k);
    expect(keys.slice(keys.indexOf('kube_upgrade'))).toEqual(['kube_upgrade', 'canary', 'soak', 'max failures', 'state', 'created_at', 'updated_at']);
    expect(strategyFields(strategy({}, { cleanup: true }))['delete_option']).toBe('cleanup');
    expect(strategyFields(strategy({}, { 'max-failures': '0' }))['max failures']).toBe('0');
  });

  it('shows a strategy without extra-args as dcmanager does (release_id blank, flags False)', () => {
    const shown = strategyFields(strategy({ 'extra-args': null }));
    expect([shown['release_id'], shown['snapshot'], shown['rollback'], shown['delete_option'], shown['kube_upgrade']]).toEqual(['', false, false, null, null]);
  });

  it('keeps native types in JSON', () => {
    const json = JSON.parse(formatObject(strategyFields(strategy()), { format: 'json' })) as Record<string, unknown>;
    expect(json).toMatchObject({ 'max parallel subclouds': 2, 'stop on failure': false, snapshot: false, kube_upgrade: null });
  });
});

describe('strategy-step: cloud, stage, state, details and the times', () => {
  const steps: StrategyStepObject[] = [
    {
      id: 1, cloud: 'edge-1', stage: 'Complete', state: 'complete', details: '',
      'started-at': '2026-03-01 10:00:01.5', 'finished-at': '2026-03-01 10:00:09', 'created-at': '2026-03-01 10:00:00', 'updated-at': '2026-03-01 10:00:09',
    },
    {
      id: 2, cloud: 'edge-2', stage: 'Apply', state: 'apply VIM sw-deploy strategy', details: '',
      'started-at': '2026-03-01 10:00:01.5', 'finished-at': null, 'created-at': '2026-03-01 10:00:00', 'updated-at': '2026-03-01 10:00:02',
    },
    {
      id: 3, cloud: 'edge-3', stage: 'Complete', state: 'failed', details: 'apply VIM sw-deploy strategy: sw-deploy-hosts failed',
      'started-at': '2026-03-01 10:00:01.5', 'finished-at': '2026-03-01 10:00:05', 'created-at': '2026-03-01 10:00:00', 'updated-at': '2026-03-01 10:00:05',
    },
  ];

  it('lists the six columns of dcmanager, None for a step not finished', () => {
    expect(cells(formatList(steps.map(stepListRow), asColumns(STEP_LIST_COLUMNS), { format: 'table' }))).toEqual([
      ['cloud', 'stage', 'state', 'details', 'started_at', 'finished_at'],
      ['edge-1', 'Complete', 'complete', '', '2026-03-01 10:00:01.5', '2026-03-01 10:00:09'],
      ['edge-2', 'Apply', 'apply VIM sw-deploy strategy', '', '2026-03-01 10:00:01.5', 'None'],
      ['edge-3', 'Complete', 'failed', 'apply VIM sw-deploy strategy: sw-deploy-hosts failed', '2026-03-01 10:00:01.5', '2026-03-01 10:00:05'],
    ]);
  });

  it('shows a step with created_at and updated_at', () => {
    expect(fields(stepFields(steps[1]!)).map(([k]) => k)).toEqual([
      'Field', 'cloud', 'stage', 'state', 'details', 'started_at', 'finished_at', 'created_at', 'updated_at',
    ]);
  });

  it('counts steps per state, for a server that sends no step-counts', () => {
    expect(stepCounts(steps)).toEqual({ complete: 1, 'apply VIM sw-deploy strategy': 1, failed: 1 });
  });
});

describe('strategy-config: the options of each subcloud\'s strategy', () => {
  const defaults: SwUpdateOptionsObject = {
    name: 'all clouds default', 'subcloud-id': null, 'storage-apply-type': 'parallel', 'worker-apply-type': 'parallel',
    'max-parallel-workers': 10, 'alarm-restriction-type': 'relaxed', 'default-instance-action': 'migrate',
    'created-at': null, 'updated-at': null,
  };
  const edge: SwUpdateOptionsObject = {
    id: 4, name: 'edge-2', 'subcloud-id': 2, 'storage-apply-type': 'serial', 'worker-apply-type': 'serial',
    'max-parallel-workers': 2, 'alarm-restriction-type': 'strict', 'default-instance-action': 'stop-start',
    'created-at': '2026-03-01 10:00:00', 'updated-at': null,
  };

  it('lists the six columns of dcmanager, the defaults first', () => {
    expect(cells(formatList([defaults, edge].map(optionsListRow), asColumns(OPTIONS_LIST_COLUMNS), { format: 'table' }))).toEqual([
      ['cloud', 'storage apply type', 'worker apply type', 'max parallel workers', 'alarm restriction type', 'default instance action'],
      ['all clouds default', 'parallel', 'parallel', '10', 'relaxed', 'migrate'],
      ['edge-2', 'serial', 'serial', '2', 'strict', 'stop-start'],
    ]);
  });

  it('shows the options with their times (None for the built-in defaults)', () => {
    expect(fields(optionsFields(defaults)).slice(-2)).toEqual([['created_at', 'None'], ['updated_at', 'None']]);
    expect(fields(optionsFields(edge))[1]).toEqual(['cloud', 'edge-2']);
  });
});

describe('--watch: one progress line', () => {
  it('puts the done first, those under way furthest along first, then those not started, then the failed; no total', () => {
    const counts = { total: 10_001, initial: 9380, failed: 1, complete: 120, 'apply VIM sw-deploy strategy': 500 };
    expect(progressLine('applying', counts)).toBe('applying: 120 complete, 500 apply VIM sw-deploy strategy, 9380 initial, 1 failed');
    expect(progressLine('applying', {
      'sw-deploy pre-check': 2, 'create VIM sw-deploy strategy': 3, 'finish sw-deploy strategy': 1, deferred: 4, aborted: 5, initial: 0,
    })).toBe('applying: 1 finish sw-deploy strategy, 3 create VIM sw-deploy strategy, 2 sw-deploy pre-check, 4 deferred, 5 aborted');
    expect(progressLine('initial', {})).toBe('initial: no steps');
  });
});
