import { describe, expect, it } from 'vitest';
import { strategy } from './support/dcmanager-strategy-wire.js';
import { useDcmanagerCli, webob } from './support/hollow-system-controller.js';

const PATH = '/dcmanager/v1.0';
/** The sw-deploy flags dcmanager's client always sends. */
const FLAGS = {
  snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false, kube_upgrade: null,
};

const step = (cloud: string, state: string) => ({
  id: 1, cloud, stage: state === 'initial' ? 'Create' : 'Apply', state, details: '',
  'started-at': null, 'finished-at': null, 'created-at': '2026-03-01 10:00:00', 'updated-at': null,
});

const options = (name: string, changes: Record<string, unknown> = {}) => ({
  name, 'subcloud-id': null, 'storage-apply-type': 'parallel', 'worker-apply-type': 'parallel', 'max-parallel-workers': 10,
  'alarm-restriction-type': 'relaxed', 'default-instance-action': 'migrate', 'created-at': null, 'updated-at': null, ...changes,
});

describe('murmur dcmanager sw-deploy-strategy: what each command sends and prints', () => {
  const { hollow, io, dc, sent, fieldRows } = useDcmanagerCli();
  const created = { body: strategy() };

  it('creates for one subcloud with dcmanager\'s keys as its client sends them, and ours', async () => {
    hollow.answer({ 'POST /sw-update-strategy/': created });
    const code = await dc('sw-deploy-strategy', 'create', '--release-id', 'edge-2.0.0', '--subcloud-apply-type', 'parallel',
      '--max-parallel-subclouds', '500', '--stop-on-failure', '--canary', '10', '--soak', '600', '--max-failures', '2%', 'edge-1');
    expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
    expect(sent()).toEqual([['POST', `${PATH}/sw-update-strategy/`, {
      type: 'sw-deploy', 'subcloud-apply-type': 'parallel', 'max-parallel-subclouds': 500, 'stop-on-failure': 'true',
      cloud_name: 'edge-1', release_id: 'edge-2.0.0', ...FLAGS, canary: 10, soak: 600, 'max-failures': '2%',
    }]]);
    expect(fieldRows()[0]).toEqual(['Field', 'Value']);
    expect(fieldRows().map(([k]) => k).slice(1)).toEqual([
      'strategy type', 'subcloud apply type', 'max parallel subclouds', 'stop on failure', 'release_id', 'snapshot', 'rollback',
      'delete_option', 'with_prestage', 'kube_upgrade', 'state', 'created_at', 'updated_at',
    ]);
  });

  it('creates for a group with the release as the first argument (earlier clients), and a soak as a duration', async () => {
    hollow.answer({ 'POST /sw-update-strategy/': created });
    expect(await dc('sw-deploy-strategy', 'create', 'edge-2.0.0', '--group', 'far-east', '--soak', '30m', '--delete', '-f', 'value', '-c', 'state')).toBe(0);
    expect(sent()).toEqual([['POST', `${PATH}/sw-update-strategy/`, {
      type: 'sw-deploy', subcloud_group: 'far-east', release_id: 'edge-2.0.0', ...FLAGS, delete: true, soak: '30m',
    }]]);
    expect(io.stdout).toBe('initial\n');
  });

  it('sends the prestage password in base64, and --with-delete as --delete with dcmanager\'s notice', async () => {
    hollow.answer({ 'POST /sw-update-strategy/': created });
    expect(await dc('sw-deploy-strategy', 'create', '--release-id', 'edge-2.0.0', '--with-prestage', '--sysadmin-password', 's3cret', '--with-delete')).toBe(0);
    expect(sent()[0]![2]).toEqual({ type: 'sw-deploy', release_id: 'edge-2.0.0', sysadmin_password: 'czNjcmV0', ...FLAGS, delete: true, with_prestage: true });
    expect(io.stderr).toContain('### DEPRECATION NOTICE: --with-delete ###');
  });

  it('refuses what dcmanager\'s client refuses, with its messages, sending nothing', async () => {
    hollow.answer({});
    const refusals: Array<[string[], string]> = [
      [['--release-id', 'r', '--group', 'g', 'edge-1'], 'The cloud_name and group options are mutually exclusive.'],
      [['--release-id', 'r', '--group', 'g', '--subcloud-apply-type', 'serial'], 'The --subcloud-apply-type is not supported when --group option is applied.'],
      [['--release-id', 'r', '--group', 'g', '--max-parallel-subclouds', '3'], 'The --max-parallel-subclouds options is not supported when --group option is applied.'],
      [[], 'The --release-id is required to create a deploy strategy.'],
      [['--release-id', 'r', '--rollback'], 'Option --rollback cannot be used with any of the following options: --release-id'],
      [['--cleanup', '--snapshot'], 'Option --snapshot cannot be used with any of the following options: --rollback or --cleanup.'],
      [['--release-id', 'r', '--sysadmin-password', 'x'], '--sysadmin-password can only be used with --with-prestage'],
      [['--release-id', 'r', 'edge-1', 'edge-2'], 'give the release once'],
      [['--release-id', 'r', '--max-failures', 'many'], 'must be a number of subclouds (3) or a percentage of them (10%)'],
    ];
    for (const [args, message] of refusals) {
      io.clear();
      expect(await dc('sw-deploy-strategy', 'create', ...args), args.join(' ')).toBe(2);
      expect(io.stderr).toContain(message);
    }
    expect(sent()).toEqual([]);
  });

  it('shows, applies, aborts and deletes with ?type=sw-deploy, as dcmanager\'s client does', async () => {
    hollow.answer({
      'GET /sw-update-strategy?type=sw-deploy': { body: strategy({ state: 'applying' }) },
      'POST /sw-update-strategy/actions?type=sw-deploy': (r) => ({ body: strategy({ state: (r.body as { action: string }).action === 'apply' ? 'applying' : 'abort requested' }) }),
      'DELETE /sw-update-strategy?type=sw-deploy': { body: strategy({ state: 'deleting' }) },
    });
    for (const args of [['show'], ['apply', '--yes'], ['abort'], ['delete', '--yes']]) {
      expect(await dc('sw-deploy-strategy', ...args, '-f', 'value', '-c', 'state')).toBe(0);
    }
    expect(io.stdout).toBe('applying\napplying\nabort requested\ndeleting\n');
    expect(sent()).toEqual([
      ['GET', `${PATH}/sw-update-strategy?type=sw-deploy`, null],
      ['POST', `${PATH}/sw-update-strategy/actions?type=sw-deploy`, { action: 'apply' }],
      ['POST', `${PATH}/sw-update-strategy/actions?type=sw-deploy`, { action: 'abort' }],
      ['DELETE', `${PATH}/sw-update-strategy?type=sw-deploy`, null],
    ]);
  });

  it('says what could not be done, in dcmanager\'s words, with the server\'s reason', async () => {
    const reason = 'Unable to apply strategy of type \'sw-deploy\': Bad strategy request: Strategy in state applying cannot be applied';
    hollow.answer({
      'GET /sw-update-strategy?type=sw-deploy': { status: 404, body: webob('404 Not Found', 'The resource could not be found.', "Strategy of type 'sw-deploy' not found") },
      'POST /sw-update-strategy/actions?type=sw-deploy': { status: 422, body: webob('422 Unprocessable Entity', 'Unable to process the contained instructions', reason) },
    });
    expect(await dc('sw-deploy-strategy', 'show')).toBe(1);
    expect(io.stderr).toContain("Strategy of type 'sw-deploy' not found");
    expect(await dc('sw-deploy-strategy', 'apply')).toBe(1);
    expect(io.stderr).toContain(`${reason}\nUnable to apply the sw-deploy strategy`);
  });

  it('apply --watch: a line per change of the counts until complete, from the strategy\'s own counts', async () => {
    const states = [
      strategy({ state: 'applying', 'step-counts': { initial: 3 } }),
      strategy({ state: 'applying', 'step-counts': { 'apply VIM sw-deploy strategy': 2, initial: 1 } }),
      strategy({ state: 'applying', 'step-counts': { 'apply VIM sw-deploy strategy': 2, initial: 1 } }),
      strategy({ state: 'applying', 'step-counts': { complete: 2, 'apply VIM sw-deploy strategy': 1 } }),
      strategy({ state: 'complete', 'step-counts': { complete: 3 } }),
    ];
    let shown = 0;
    hollow.answer({
      'POST /sw-update-strategy/actions?type=sw-deploy': { body: states[0] },
      'GET /sw-update-strategy?type=sw-deploy': () => ({ body: states[Math.min(shown++, states.length - 1)] }),
    });
    expect(await dc('sw-deploy-strategy', 'apply', '--watch', '--interval', '0.01')).toBe(0);
    expect(io.stdout.split('\n')).toEqual([
      'applying: 3 initial',
      'applying: 2 apply VIM sw-deploy strategy, 1 initial',
      'applying: 2 complete, 1 apply VIM sw-deploy strategy',
      'complete: 3 complete',
      '',
    ]);
    expect(sent().filter(([m]) => m === 'GET')).toHaveLength(5);
  });

  it('show --watch counts the steps of a server that sends no counts, and fails with the strategy', async () => {
    const bare = (state: string) => {
      const { 'step-counts': _counts, ...rest } = strategy({ state });
      return rest;
    };
    let shown = 0;
    hollow.answer({
      'GET /sw-update-strategy?type=sw-deploy': () => ({ body: bare(shown++ === 0 ? 'applying' : 'failed') }),
      'GET /sw-update-strategy/steps': () => ({ body: { 'strategy-steps': shown <= 1 ? [step('edge-1', 'initial')] : [step('edge-1', 'failed')] } }),
    });
    expect(await dc('sw-deploy-strategy', 'show', '--watch', '--interval', '0.01')).toBe(1);
    expect(io.stdout).toBe('applying: 1 initial\nfailed: 1 failed\n');
    expect(io.stderr).toContain('the sw-deploy strategy ended failed');
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual([
      `GET ${PATH}/sw-update-strategy?type=sw-deploy`, `GET ${PATH}/sw-update-strategy/steps`,
      `GET ${PATH}/sw-update-strategy?type=sw-deploy`, `GET ${PATH}/sw-update-strategy/steps`,
    ]);
  });
});

describe('murmur dcmanager strategy-step and strategy-config: paths and bodies', () => {
  const { hollow, io, dc, sent, fieldRows } = useDcmanagerCli();

  it('lists the steps (no type), shows one by its cloud', async () => {
    hollow.answer({
      'GET /sw-update-strategy/steps': { body: { 'strategy-steps': [step('edge-1', 'initial'), step('edge-2', 'apply VIM sw-deploy strategy')] } },
      'GET /sw-update-strategy/steps/edge-2': { body: step('edge-2', 'apply VIM sw-deploy strategy') },
    });
    expect(await dc('strategy-step', 'list')).toBe(0);
    expect(fieldRows()).toEqual([
      ['cloud', 'stage', 'state', 'details', 'started_at', 'finished_at'],
      ['edge-1', 'Create', 'initial', '', 'None', 'None'],
      ['edge-2', 'Apply', 'apply VIM sw-deploy strategy', '', 'None', 'None'],
    ]);
    io.clear();
    expect(await dc('strategy-step', 'show', 'edge-2', '-f', 'value', '-c', 'state', '-c', 'created_at')).toBe(0);
    expect(io.stdout).toBe('apply VIM sw-deploy strategy 2026-03-01 10:00:00\n');
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual([`GET ${PATH}/sw-update-strategy/steps`, `GET ${PATH}/sw-update-strategy/steps/edge-2`]);
  });

  it('lists, shows, updates (all five, defaults or a subcloud) and deletes options', async () => {
    const body = { 'storage-apply-type': 'serial', 'worker-apply-type': 'parallel', 'max-parallel-workers': 4, 'alarm-restriction-type': 'strict', 'default-instance-action': 'stop-start' };
    hollow.answer({
      'GET /sw-update-options': { body: { 'sw-update-options': [options('all clouds default'), options('edge-2', { id: 3 })] } },
      'GET /sw-update-options/SystemController': { body: options('all clouds default') },
      'GET /sw-update-options/edge-2': { body: options('edge-2', { id: 3 }) },
      'POST /sw-update-options/SystemController': { body: options('all clouds default', body) },
      'POST /sw-update-options/edge-2': { body: options('edge-2', body) },
      'DELETE /sw-update-options/edge-2': { body: null },
    });
    expect(await dc('strategy-config', 'list', '-f', 'value', '-c', 'cloud')).toBe(0);
    expect(await dc('strategy-config', 'show', '-f', 'value', '-c', 'cloud')).toBe(0);
    expect(await dc('strategy-config', 'show', 'edge-2', '-f', 'value', '-c', 'cloud')).toBe(0);
    const five = ['--storage-apply-type', 'serial', '--worker-apply-type', 'parallel', '--max-parallel-workers', '4',
      '--alarm-restriction-type', 'strict', '--default-instance-action', 'stop-start'];
    expect(await dc('strategy-config', 'update', ...five, '-f', 'value', '-c', 'storage apply type')).toBe(0);
    expect(await dc('strategy-config', 'update', 'edge-2', ...five, '-f', 'value', '-c', 'created_at')).toBe(0);
    expect(await dc('strategy-config', 'delete', 'edge-2', '--yes')).toBe(0);
    expect(io.stdout).toBe('all clouds default\nedge-2\nall clouds default\nedge-2\nserial\nNone\n');
    expect(sent()).toEqual([
      ['GET', `${PATH}/sw-update-options`, null],
      ['GET', `${PATH}/sw-update-options/SystemController`, null],
      ['GET', `${PATH}/sw-update-options/edge-2`, null],
      ['POST', `${PATH}/sw-update-options/SystemController`, body],
      ['POST', `${PATH}/sw-update-options/edge-2`, body],
      ['DELETE', `${PATH}/sw-update-options/edge-2`, null],
    ]);
  });

  it('refuses an update without all five, or a delete without a subcloud, sending nothing', async () => {
    hollow.answer({});
    expect(await dc('strategy-config', 'update', '--storage-apply-type', 'serial')).toBe(2);
    expect(io.stderr).toContain('--worker-apply-type');
    expect(await dc('strategy-config', 'delete')).toBe(2);
    expect(sent()).toEqual([]);
  });
});
