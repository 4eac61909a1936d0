import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { webobLines, webobMessage } from '../support/dcmanager-client.js';
import { uploadRelease } from '../support/release-bundles.js';
import { useSystemController } from '../support/use-system-controller.js';

const ROW_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/;
const RPC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
/** What `dcmanager sw-deploy-strategy create --release-id R` sends (sw_deploy_manager.py): the flags always. */
const CREATE: Record<string, unknown> = {
  type: 'sw-deploy', release_id: 'tools-1.0.0', snapshot: false, rollback: false, delete: false, cleanup: false,
  with_prestage: false, kube_upgrade: null,
};

/** The body without the keys set to undefined (the client leaves them out). */
const without = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));

/**
 * The strategy across subclouds as the dcmanager client creates, shows, applies, aborts and deletes it, with its
 * refusals (webob pages, 400 and 422 with dcmanager's words), its steps and the subclouds' strategy options. The
 * subclouds are hollow (they answer the join); none is deployed here.
 */
describe.each(testDialects())('the sw-update-strategy API on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { t, dc, clock } = suite;

  beforeAll(async () => {
    for (const name of ['sc1', 'sc2', 'sc3', 'sc4']) {
      expect((await dc.post('/subclouds/', { name, url: `${suite.hollow.url}/${name}`, join_token: `mjt-${name}` })).status).toBe(200);
    }
    // Managed and online as their audits would record them (sc4 stays unmanaged).
    for (const id of [1, 2, 3]) {
      await t.controller.store.repos.subclouds.update(id, { managementState: 'managed', availabilityStatus: 'online' }, clock.now());
    }
    expect((await dc.post('/subcloud-groups/', { name: 'east', max_parallel_subclouds: 7 })).status).toBe(200);
    expect((await dc.patch('/subclouds/sc4', { group_id: 'east' })).status).toBe(200);
    await uploadRelease(t, suite.admin, 'tools-1.0.0');
  });

  const refusal = async (body: Record<string, unknown>, status: number, message: string) => {
    const res = await dc.post('/sw-update-strategy/', without(body));
    expect([res.status, res.headers['content-type'], webobMessage(res.body)]).toEqual([status, 'text/html; charset=UTF-8', message]);
  };

  it('refuses what dcmanager refuses when it reads a create, with its messages (400)', async () => {
    await refusal({}, 400, 'Body required');
    await refusal({ ...CREATE, type: undefined }, 400, 'type required');
    await refusal({ ...CREATE, type: 'firmware' }, 400, 'type invalid');
    await refusal({ ...CREATE, 'subcloud-apply-type': 'sideways' }, 400, 'subcloud-apply-type invalid');
    await refusal({ ...CREATE, subcloud_group: 'east', cloud_name: 'sc1' }, 400, 'cloud_name and subcloud_group are mutually exclusive');
    await refusal({ ...CREATE, subcloud_group: 'east', 'max-parallel-subclouds': 3 }, 400,
      'subcloud-apply-type and max-parallel-subclouds are not allowed when subcloud_group is provided');
    await refusal({ ...CREATE, subcloud_group: 'west' }, 400, 'Invalid group_id');
    await refusal({ ...CREATE, 'max-parallel-subclouds': 'many' }, 400, 'max-parallel-subclouds invalid value. Value: many');
    await refusal({ ...CREATE, 'max-parallel-subclouds': 100_001 }, 400,
      'Invalid max-parallel-subclouds value: 100001. For sw-deploy strategy, the value must be between 1 and 100000.');
    await refusal({ ...CREATE, release_id: undefined }, 400, 'Release ID is required for strategy type: sw-deploy.');
    await refusal({ ...CREATE, release_id: 'tools-9.9.9' }, 400, 'Release ID: tools-9.9.9 not found or not deployed in the SystemController');
    await refusal({ ...CREATE, snapshot: 'maybe' }, 400, "Invalid value 'maybe' for snapshot - must be True/False or 'true'/'false'");
    await refusal({ ...CREATE, 'stop-on-failure': true }, 400, 'stop-on-failure invalid');
    await refusal({ ...CREATE, kube_upgrade: 'v1.30' }, 400, 'kube_upgrade is not supported: this platform does not upgrade Kubernetes');
    await refusal({ ...CREATE, 'max-failures': '120%' }, 400, 'max-failures must be a number of subclouds (3) or a percentage of them (10%)');
    await refusal({ ...CREATE, canary: -1 }, 400, 'canary must be a number of subclouds from 0 to 10000');
  });

  it('refuses a strategy that would have nothing to do, or names a subcloud that does not exist (422)', async () => {
    await refusal({ ...CREATE, cloud_name: 'nope' }, 422,
      "Unable to create strategy of type 'sw-deploy': Bad strategy request: Subcloud nope does not exist");
    await refusal({ ...CREATE, cloud_name: 'sc4' }, 422, "Unable to create strategy of type 'sw-deploy': Bad strategy request: Strategy has no steps to apply");
    // The group holds only sc4, which is unmanaged.
    await refusal({ ...CREATE, subcloud_group: 'east' }, 422, "Unable to create strategy of type 'sw-deploy': Bad strategy request: Strategy has no steps to apply");
    const res = await dc.get('/sw-update-strategy?type=sw-deploy');
    expect([res.status, webobLines(res.body).slice(1)]).toEqual([404, ['The resource could not be found.', "Strategy of type 'sw-deploy' not found"]]);
    expect((await dc.get('/sw-update-strategy/steps')).json()).toEqual({ 'strategy-steps': [] });
  });

  it('creates a strategy over the managed subclouds: dcmanager\'s keys, RPC times, one step each', async () => {
    const res = await dc.post('/sw-update-strategy/', { ...CREATE, 'max-parallel-subclouds': 2, 'stop-on-failure': 'true', canary: 1, soak: '5m', 'max-failures': '50%' });
    expect(res.status, res.body).toBe(200);
    const created = res.json();
    expect(created).toEqual({
      id: 1, type: 'sw-deploy', 'subcloud-apply-type': null, 'max-parallel-subclouds': 2, 'stop-on-failure': true, state: 'initial',
      'extra-args': {
        release_id: 'tools-1.0.0', snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false,
        kube_upgrade: null, sysadmin_password: null, canary: 1, soak: 300, 'max-failures': '50%',
      },
      'created-at': expect.stringMatching(RPC_TIME), 'updated-at': null, 'step-counts': { total: 3, initial: 3 },
    });
    const shown = (await dc.get('/sw-update-strategy?type=sw-deploy')).json();
    expect(shown['created-at']).toMatch(ROW_TIME);
    expect((await dc.get('/sw-update-strategy')).json()).toEqual(shown);
    const other = await dc.get('/sw-update-strategy?type=prestage');
    expect([other.status, webobMessage(other.body)]).toEqual([404, "Strategy of type 'prestage' not found"]);

    const steps = (await dc.get('/sw-update-strategy/steps')).json()['strategy-steps'];
    expect(steps).toEqual(['sc1', 'sc2', 'sc3'].map((cloud, i) => ({
      id: i + 1, cloud, stage: 'Create', state: 'initial', details: '', 'started-at': null, 'finished-at': null,
      'created-at': expect.stringMatching(ROW_TIME), 'updated-at': null,
    })));
    expect((await dc.get('/sw-update-strategy/steps/sc2')).json()).toEqual(steps[1]);
    const missing = await dc.get('/sw-update-strategy/steps/sc4');
    expect([missing.status, webobMessage(missing.body)]).toEqual([404, 'Strategy step not found']);
    const page = (await dc.get('/sw-update-strategy/steps?limit=2')).json();
    expect([page['strategy-steps'].map((s: { cloud: string }) => s.cloud), page.next_marker]).toEqual([['sc1', 'sc2'], 2]);
    const rest = (await dc.get('/sw-update-strategy/steps?limit=2&marker=2')).json();
    expect([rest['strategy-steps'].map((s: { cloud: string }) => s.cloud), rest.next_marker]).toEqual([['sc3'], null]);
  });

  it('keeps one strategy at a time, and says what an action cannot do in the state it is in (422)', async () => {
    await refusal(CREATE, 422, "Unable to create strategy of type 'sw-deploy': Bad strategy request: Strategy of type: 'sw-deploy' already exists");
    const abort = await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'abort' });
    expect([abort.status, webobMessage(abort.body)]).toEqual([422,
      "Unable to abort strategy of type 'sw-deploy': Bad strategy request: Strategy in state initial cannot be aborted"]);
    const wrongType = await dc.post('/sw-update-strategy/actions?type=prestage', { action: 'apply' });
    expect([wrongType.status, webobMessage(wrongType.body)]).toEqual([422,
      "Unable to apply strategy of type 'prestage': Bad strategy request: Strategy with type prestage doesn't exist."]);
    const none = await dc.post('/sw-update-strategy/actions?type=sw-deploy', {});
    expect([none.status, webobMessage(none.body)]).toEqual([400, 'Body required']);
    const noAction = await dc.post('/sw-update-strategy/actions?type=sw-deploy', { force: 'true' });
    expect([noAction.status, webobMessage(noAction.body)]).toEqual([400, 'action required']);
    const unknown = await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'pause' });
    expect([unknown.status, unknown.body]).toEqual([200, 'null']);
  });

  it('deletes a strategy not applied at once: the reply says deleting, then it is gone with its steps', async () => {
    const res = await dc.delete('/sw-update-strategy?type=sw-deploy');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'deleting', 'created-at': expect.stringMatching(RPC_TIME) });
    expect((await dc.get('/sw-update-strategy')).status).toBe(404);
    expect((await dc.get('/sw-update-strategy/steps')).json()).toEqual({ 'strategy-steps': [] });
    const again = await dc.delete('/sw-update-strategy?type=sw-deploy');
    expect([again.status, webobMessage(again.body)]).toEqual([422,
      "Unable to delete strategy of type 'sw-deploy': Bad strategy request: Strategy with type sw-deploy doesn't exist."]);
    expect(await t.controller.store.repos.fleetSteps.countByPhase('x')).toMatchObject({ waiting: 0 });
  });

  it('takes a group\'s apply type and max parallel, serial forcing one at a time', async () => {
    await t.controller.store.repos.subclouds.update(4, { managementState: 'managed', availabilityStatus: 'online' }, clock.now());
    const grouped = await dc.post('/sw-update-strategy/', { ...CREATE, subcloud_group: 'east' });
    expect(grouped.json()).toMatchObject({ 'subcloud-apply-type': 'parallel', 'max-parallel-subclouds': 7, 'step-counts': { total: 1 } });
    expect((await dc.delete('/sw-update-strategy')).status).toBe(200);
    const serial = await dc.post('/sw-update-strategy/', { ...CREATE, 'subcloud-apply-type': 'serial', 'max-parallel-subclouds': 9, cloud_name: 'sc2' });
    expect(serial.json()).toMatchObject({ 'subcloud-apply-type': 'serial', 'max-parallel-subclouds': 1, 'step-counts': { total: 1 } });
    expect((await dc.get('/sw-update-strategy/steps')).json()['strategy-steps'].map((s: { cloud: string }) => s.cloud)).toEqual(['sc2']);
    expect((await dc.delete('/sw-update-strategy')).status).toBe(200);
  });
});

describe.each(testDialects())('the sw-update-options API on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { dc } = suite;
  const OPTIONS = {
    'storage-apply-type': 'serial', 'worker-apply-type': 'serial', 'max-parallel-workers': 4,
    'alarm-restriction-type': 'strict', 'default-instance-action': 'stop-start',
  };

  beforeAll(async () => {
    for (const name of ['sc1', 'sc2']) {
      expect((await dc.post('/subclouds/', { name, url: `${suite.hollow.url}/${name}`, join_token: `mjt-${name}` })).status).toBe(200);
    }
  });

  it('lists the built-in defaults alone until options are stored: no id, no times', async () => {
    const defaults = {
      name: 'all clouds default', 'storage-apply-type': 'parallel', 'worker-apply-type': 'parallel', 'max-parallel-workers': 10,
      'alarm-restriction-type': 'relaxed', 'default-instance-action': 'migrate', 'created-at': null, 'updated-at': null,
    };
    expect((await dc.get('/sw-update-options')).json()).toEqual({ 'sw-update-options': [defaults] });
    expect((await dc.get('/sw-update-options/SystemController')).json()).toEqual(defaults);
    expect((await dc.get('/sw-update-options/RegionOne')).json()).toEqual(defaults);
  });

  it('stores a subcloud\'s own options (by name or id), shows them after the defaults, and deletes them', async () => {
    const put = await dc.post('/sw-update-options/sc2', OPTIONS);
    expect(put.status, put.body).toBe(200);
    expect(put.json()).toEqual({ id: 1, name: 'sc2', 'subcloud-id': 2, ...OPTIONS, 'created-at': expect.stringMatching(ROW_TIME), 'updated-at': null });
    const again = (await dc.post('/sw-update-options/2', { ...OPTIONS, 'max-parallel-workers': 6 })).json();
    expect(again).toMatchObject({ id: 1, name: 'sc2', 'max-parallel-workers': 6, 'updated-at': expect.stringMatching(ROW_TIME) });
    const list = (await dc.get('/sw-update-options')).json()['sw-update-options'];
    expect(list.map((o: { name: string }) => o.name)).toEqual(['all clouds default', 'sc2']);
    expect((await dc.get('/sw-update-options/sc2')).json()).toEqual(again);
    const none = await dc.get('/sw-update-options/sc1');
    expect([none.status, webobMessage(none.body)]).toEqual([404, 'No options found for Subcloud with id 1, defaults will be used.']);
    const unknown = await dc.get('/sw-update-options/nope');
    expect([unknown.status, webobMessage(unknown.body)]).toEqual([404, 'Subcloud not found']);
    const notStored = await dc.delete('/sw-update-options/sc1');
    expect([notStored.status, webobMessage(notStored.body)]).toEqual([404, 'Subcloud patch options not found']);
    const deleted = await dc.delete('/sw-update-options/sc2');
    expect([deleted.status, deleted.body]).toEqual([200, 'null']);
    expect((await dc.get('/sw-update-options')).json()['sw-update-options']).toHaveLength(1);
  });

  it('stores the defaults under SystemController, which a delete puts back to the built-in ones', async () => {
    const put = (await dc.post('/sw-update-options/SystemController', OPTIONS)).json();
    expect(put).toMatchObject({ name: 'all clouds default', 'subcloud-id': null, ...OPTIONS });
    expect((await dc.get('/sw-update-options/RegionOne')).json()).toEqual(put);
    expect((await dc.delete('/sw-update-options/SystemController')).status).toBe(200);
    expect((await dc.get('/sw-update-options/SystemController')).json()).toMatchObject({ 'max-parallel-workers': 10, 'created-at': null });
  });

  it('refuses options that are missing or that no subcloud could be deployed with (400)', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'Body required'],
      [{ ...OPTIONS, 'worker-apply-type': 'ignore' }, 'worker-apply-type is required: one of parallel, serial'],
      [{ ...OPTIONS, 'max-parallel-workers': 1 }, 'max-parallel-workers is required: a number from 2 to 1000'],
      [{ ...OPTIONS, 'alarm-restriction-type': undefined }, 'alarm-restriction-type is required: one of strict, relaxed'],
    ];
    for (const [body, message] of cases) {
      const res = await dc.post('/sw-update-options/sc1', without(body));
      expect([res.status, webobMessage(res.body)]).toEqual([400, message]);
    }
  });
});
