import { beforeAll, describe, expect, it } from 'vitest';
import { stateAlarms } from '@murmuration/core/dc';
import { testDialects } from '../../../../test-support/databases.js';
import { webobMessage } from '../support/dcmanager-client.js';
import type { HollowJoinSubcloud } from '../support/hollow-join-subcloud.js';
import { useSystemController } from '../support/use-system-controller.js';

/** dcmanager's RPC replies (update, manage, unmanage): `isoformat`, a `T`, always microseconds. */
const RPC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
const UNKNOWN_SYNC = [
  { endpoint_type: 'identity', sync_status: 'unknown' },
  { endpoint_type: 'platform', sync_status: 'unknown' },
  { endpoint_type: 'software', sync_status: 'unknown' },
];

describe.each(testDialects())('a subcloud\'s life on a system controller on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { t, clock, dc } = suite;
  let hollow: HollowJoinSubcloud;

  beforeAll(async () => {
    hollow = suite.hollow;
    for (const name of ['sc1', 'sc2', 'sc3']) {
      const res = await dc.post('/subclouds/', { name, url: `${hollow.url}/${name}`, join_token: `mjt-${name}` });
      expect(res.status, res.body).toBe(200);
      clock.advance(1);
    }
  });

  it('lists every subcloud with its aggregate sync status and its endpoints sorted by type, with or without the slash', async () => {
    const res = await dc.get('/subclouds/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const { subclouds } = res.json();
    expect(subclouds.map((s: { name: string }) => s.name)).toEqual(['sc1', 'sc2', 'sc3']);
    expect(subclouds[0]).toMatchObject({ sync_status: 'unknown', endpoint_sync_status: UNKNOWN_SYNC, 'created-at': '2026-05-01 08:00:00' });
    expect(subclouds[1]['created-at']).toBe('2026-05-01 08:00:00.001000');
    expect((await dc.get('/subclouds')).json()).toEqual(res.json());
  });

  it('pages the list by id with limit and marker', async () => {
    const first = (await dc.get('/subclouds/?limit=2')).json();
    expect(first.subclouds.map((s: { id: number }) => s.id)).toEqual([1, 2]);
    expect(first.next_marker).toBe(2);
    const rest = (await dc.get(`/subclouds?limit=2&marker=${first.next_marker}`)).json();
    expect([rest.subclouds.map((s: { id: number }) => s.id), rest.next_marker]).toEqual([[3], null]);
    expect((await dc.get('/subclouds?limit=0')).status).toBe(400);
  });

  it('shows a subcloud by id or name, and in detail with the three keys show --detail needs', async () => {
    const byName = (await dc.get('/subclouds/sc2')).json();
    expect(byName).toMatchObject({ id: 2, name: 'sc2', sync_status: 'unknown', endpoint_sync_status: UNKNOWN_SYNC });
    expect((await dc.get('/subclouds/2')).json()).toEqual(byName);
    const detail = (await dc.get('/subclouds/sc2/detail')).json();
    expect(detail).toMatchObject({
      ...byName, oam_floating_ip: 'unavailable', deploy_config_sync_status: 'unknown', region_name: 'region-sc2',
      'region-name': 'region-sc2',
    });
    const missing = await dc.get('/subclouds/99');
    expect([missing.status, webobMessage(missing.body)]).toEqual([404, 'Subcloud not found']);
  });

  it('finds a subcloud by its region name when no subcloud has that name or id (the CLI\'s --os-region-name)', async () => {
    const byRegion = await dc.get('/subclouds/region-sc2');
    expect(byRegion.status).toBe(200);
    expect(byRegion.json()).toEqual((await dc.get('/subclouds/sc2')).json());
    expect((await dc.get('/subclouds/region-sc2/detail')).json()).toMatchObject({ name: 'sc2', region_name: 'region-sc2' });
    const missing = await dc.get('/subclouds/region-sc9');
    expect([missing.status, webobMessage(missing.body)]).toEqual([404, 'Subcloud not found']);
  });

  it('updates description, location, group (by name) and coordinates from the client\'s multipart form', async () => {
    expect((await dc.post('/subcloud-groups/', { name: 'east' })).status).toBe(200);
    clock.advance(1000);
    const res = await dc.patchForm('/subclouds/sc1', [
      ['description', 'the first'], ['location', 'Ottawa'], ['group_id', 'east'], ['latitude', '45.42'], ['longitude', '-75.69'],
    ]);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ description: 'the first', location: 'Ottawa', group_id: 2, latitude: 45.42, longitude: -75.69 });
    expect(res.json()['updated-at']).toMatch(RPC_TIME);
    expect(res.json()['created-at']).toBe('2026-05-01T08:00:00.000000');
    expect(res.json()).not.toHaveProperty('endpoint_sync_status');
    // JSON does as well, and '' clears a coordinate.
    const json = await dc.patch('/subclouds/1', { location: 'Gatineau', latitude: '' });
    expect(json.json()).toMatchObject({ location: 'Gatineau', latitude: null, longitude: -75.69 });
    expect((await dc.get('/subcloud-groups/east/subclouds')).json().subclouds.map((s: { name: string }) => s.name)).toEqual(['sc1']);

    const refusals: Array<[ReadonlyArray<[string, string]>, number, string]> = [
      [[], 400, 'Body required'],
      [[['management-state', 'sideways']], 400, 'Invalid management-state'],
      [[['management-state', 'managed'], ['force', 'maybe']], 400, 'Invalid force value'],
      [[['management-state', 'unmanaged'], ['force', 'true']], 400, 'Invalid option: force'],
      [[['group_id', '99']], 400, 'Invalid group'],
      [[['management_subnet', '192.168.0.0/24']], 400, 'management_subnet is not supported: subclouds are installed on their sites, then added by URL with a join token or their admin credentials'],
      [[['name', 'sc2']], 409, 'Subcloud with name sc2 already exists'],
      [[['name', 'sc1']], 400, 'Provided subcloud name sc1 is the same as the current subcloud sc1. A different name is required to rename the subcloud'],
    ];
    for (const [fields, status, text] of refusals) {
      const refused = await dc.patchForm('/subclouds/sc1', fields);
      expect([refused.status, webobMessage(refused.body)], JSON.stringify(fields)).toEqual([status, text]);
    }
  });

  it('manages a subcloud (multipart, as `dcmanager subcloud manage`): it is put in the audit at once', async () => {
    const res = await dc.patchForm('/subclouds/sc1', [['management-state', 'managed']]);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ 'management-state': 'managed', 'availability-status': 'offline' });
    const scheduled = await t.controller.store.repos.subcloudAudits.find(1);
    expect(scheduled?.dueAt).toBe(clock.now());
    const again = await dc.patchForm('/subclouds/sc1', [['management-state', 'managed']]);
    expect([again.status, again.headers['x-error-code'], webobMessage(again.body)]).toEqual([422, 'UNPROCESSABLE', 'Subcloud sc1 already managed']);
    const rename = await dc.patchForm('/subclouds/sc1', [['name', 'first']]);
    expect([rename.status, webobMessage(rename.body)]).toEqual([400, 'Subcloud sc1 must be deployed and unmanaged for the subcloud rename operation.']);
    const forced = await dc.patchForm('/subclouds/sc2', [['management-state', 'managed'], ['force', 'true']]);
    expect(forced.json()['management-state']).toBe('managed');
  });

  it('manages a subcloud whose deploy-status is not complete only with force', async () => {
    await t.controller.store.repos.subclouds.update(3, { deployStatus: 'create-failed' }, clock.now());
    const refused = await dc.patchForm('/subclouds/sc3', [['management-state', 'managed']]);
    expect([refused.status, refused.headers['x-error-code'], webobMessage(refused.body)]).toEqual([
      422, 'UNPROCESSABLE', "Unable to manage sc3: its deploy_status must be 'complete'",
    ]);
    expect(await t.controller.store.repos.subcloudAudits.find(3)).toBeNull();
    const forced = await dc.patchForm('/subclouds/sc3', [['management-state', 'managed'], ['force', 'true']]);
    expect(forced.json()).toMatchObject({ 'management-state': 'managed', 'deploy-status': 'create-failed' });
    expect((await dc.patchForm('/subclouds/sc3', [['management-state', 'unmanaged']])).status).toBe(200);
  });

  it('unmanages: out of the audit, every endpoint unknown, alarms disabled, availability as it was', async () => {
    // What audits would have recorded: online, one endpoint out-of-sync (280.002), two major alarms there.
    await t.controller.store.transaction(async (repos) => {
      const before = (await repos.subclouds.findById(1))!;
      const after = (await repos.subclouds.update(1, {
        availabilityStatus: 'online', endpointSync: { identity: 'in-sync', platform: 'out-of-sync', software: 'in-sync' },
        alarms: { critical: 0, major: 2, minor: 0, warnings: 1 },
      }, clock.now()))!;
      await t.controller.services.fault.applyIn(repos, stateAlarms(before, after));
    });
    const res = await dc.patchForm('/subclouds/sc1', [['management-state', 'unmanaged']]);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ 'management-state': 'unmanaged', 'availability-status': 'online' });
    expect((await dc.get('/subclouds/sc1')).json()).toMatchObject({ sync_status: 'unknown', endpoint_sync_status: UNKNOWN_SYNC });
    expect(await t.controller.store.repos.subcloudAudits.find(1)).toBeNull();
    const summary = (await dc.get('/alarms/')).json().alarm_summary.find((a: { region_name: string }) => a.region_name === 'sc1');
    expect(summary).toMatchObject({ critical_alarms: -1, major_alarms: -1, minor_alarms: -1, warnings: -1, cloud_status: 'disabled' });
    const alarms = (await t.request({ method: 'GET', url: '/fm/v1/alarms', token: suite.admin })).json().alarms as Array<{ alarm_id: string; entity_instance_id: string }>;
    expect(alarms.filter((a) => a.entity_instance_id.startsWith('subcloud=sc1'))).toEqual([]);
    const again = await dc.patchForm('/subclouds/sc1', [['management-state', 'unmanaged']]);
    expect([again.status, webobMessage(again.body)]).toEqual([422, 'Subcloud sc1 already unmanaged']);
    // Unmanaged and deployed: it may be renamed now.
    const renamed = await dc.patchForm('/subclouds/sc1', [['name', 'first']]);
    expect(renamed.json().name).toBe('first');
  });

  it('deletes only unmanaged subclouds, one still online only with force, answering a JSON null', async () => {
    const managed = await dc.delete('/subclouds/sc2');
    expect([managed.status, webobMessage(managed.body)]).toEqual([400, 'Cannot delete a subcloud that is "managed" status']);
    const online = await dc.delete('/subclouds/first');
    expect([online.status, online.headers['x-error-code'], webobMessage(online.body)]).toEqual([
      422, 'UNPROCESSABLE', 'Subcloud first is online: it was still answering when last audited. Delete it with force to forget it all the same',
    ]);
    const forced = await dc.delete('/subclouds/first?force=true');
    expect([forced.status, forced.body]).toEqual([200, 'null']);
    const offline = await dc.delete('/subclouds/3');
    expect([offline.status, offline.body]).toEqual([200, 'null']);
    expect((await dc.get('/subclouds/')).json().subclouds.map((s: { name: string }) => s.name)).toEqual(['sc2']);
    // Its name and URL are free again.
    const back = await dc.post('/subclouds/', { name: 'sc3', url: `${hollow.url}/sc3`, join_token: 'mjt-again' });
    expect(back.status, back.body).toBe(200);
  });

  it('counts the fleet by management state, availability and sync status', async () => {
    const res = await dc.get('/subclouds/summary');
    expect(res.status).toBe(200);
    expect(res.json().summary).toMatchObject({
      total: 2,
      management_state: { managed: 1, unmanaged: 1 },
      availability_status: { online: 0, offline: 2 },
      sync_status: { 'in-sync': 0, 'out-of-sync': 0, unknown: 2 },
    });
    expect(res.json().summary.counts).toEqual(expect.arrayContaining([
      { management_state: 'managed', availability_status: 'offline', sync_status: 'unknown', count: 1 },
      { management_state: 'unmanaged', availability_status: 'offline', sync_status: 'unknown', count: 1 },
    ]));
  });

  it('records every change in the audit log, refusals included', async () => {
    const res = await t.request({ method: 'GET', url: '/audit/v1/entries?limit=100', token: suite.admin });
    type Entry = { target: string | null; outcome: number; detail: string | null; method: string };
    const entries = res.json().entries as Entry[];
    const targets = entries.map((e) => `${e.method} ${e.target} ${e.outcome}`);
    expect(targets).toEqual(expect.arrayContaining([
      'POST subcloud:sc1 200', 'PATCH subcloud:sc1 200', 'DELETE subcloud:first 200', 'DELETE null 422', 'PATCH null 422',
    ]));
    expect(entries.find((e) => e.target === 'subcloud:sc2' && e.method === 'PATCH')?.detail).toBe('managed');
  });
});
