import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { createManualClock } from '../support/manual-clock.js';
import { dcmanagerClient, webobLines } from '../support/dcmanager-client.js';
import { useTestController } from '../support/use-test-controller.js';

/** pecan's `str(datetime)`: a space, microseconds unless they are zero, no zone. */
const ROW_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/;
const GROUP_KEYS = ['id', 'name', 'description', 'update_apply_type', 'max_parallel_subclouds', 'created-at', 'updated-at'];

describe.each(testDialects())('subcloud groups as `dcmanager subcloud-group` drives them on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-05-01T08:00:00.250Z'));
  const t = useTestController(dialect, { clock, config: { role: 'systemcontroller' } });
  let admin = '';
  const dc = dcmanagerClient(t, () => admin);
  const message = (body: string) => webobLines(body).slice(2).join('\n');

  it('has the Default group, id 1, with the keys the client reads', async () => {
    admin = await t.adminToken();
    const res = await dc.get('/subcloud-groups/');
    expect(res.status).toBe(200);
    const [group] = res.json().subcloud_groups;
    expect(Object.keys(group)).toEqual([...GROUP_KEYS, 'subcloud_count']);
    expect(group).toMatchObject({
      id: 1, name: 'Default', description: 'Default Subcloud Group', update_apply_type: 'parallel',
      max_parallel_subclouds: 2, 'updated-at': null, subcloud_count: 0,
    });
    expect(group['created-at']).toMatch(ROW_TIME);
    expect((await dc.get('/subcloud-groups')).json()).toEqual(res.json());
  });

  it('adds a group with the defaults the client sends, and one with a typed max as a string', async () => {
    const plain = await dc.post('/subcloud-groups/', {
      name: 'east', description: 'No description provided', update_apply_type: 'parallel', max_parallel_subclouds: 2,
    });
    expect(plain.status).toBe(200);
    expect(Object.keys(plain.json())).toEqual(GROUP_KEYS);
    expect(plain.json()).toMatchObject({ id: 2, name: 'east', max_parallel_subclouds: 2 });
    expect(plain.json()['created-at']).toBe('2026-05-01 08:00:00.250000');

    // `--max_parallel_subclouds 7000` arrives as the text "7000": above StarlingX's 5000, within ours.
    const typed = await dc.post('/subcloud-groups/', {
      name: 'west', description: 'far', update_apply_type: 'serial', max_parallel_subclouds: '7000',
    });
    expect(typed.status).toBe(200);
    expect(typed.json()).toMatchObject({ name: 'west', update_apply_type: 'serial', max_parallel_subclouds: 7000 });
    const shown = (await dc.get('/subcloud-groups/west')).json();
    expect(shown).toEqual({ ...typed.json() });
    expect((await dc.get(`/subcloud-groups/${typed.json().id}`)).json()).toEqual(shown);
  });

  it('refuses bad names, types, limits and duplicates with 400', async () => {
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Default' }, 'Invalid group name: Default is reserved'],
      [{ name: 'default' }, 'Invalid group name: Default is reserved'],
      [{ name: '123' }, 'Invalid group name: a group name may not be all digits'],
      [{ name: 'a.b' }, 'Invalid group name: a group name may not contain any of .*+?|()[]{}^$'],
      [{ name: 'g', update_apply_type: 'sideways' }, 'Invalid group update_apply_type: one of parallel, serial'],
      [{ name: 'g', max_parallel_subclouds: '0' }, 'Invalid group max_parallel_subclouds: an integer from 1 to 100000'],
      [{ name: 'g', max_parallel_subclouds: 100_001 }, 'Invalid group max_parallel_subclouds: an integer from 1 to 100000'],
      [{ name: 'g', max_parallel_subclouds: 'two' }, 'Invalid group max_parallel_subclouds: an integer from 1 to 100000'],
      [{ name: 'g', description: '' }, 'Invalid group description: 1 to 254 characters'],
      [{ name: 'east' }, 'A subcloud group with this name already exists'],
    ];
    for (const [body, text] of refusals) {
      const res = await dc.post('/subcloud-groups/', body);
      expect([res.status, message(res.body)], JSON.stringify(body)).toEqual([400, text]);
    }
  });

  it('updates a group (the client sends max_parallel_subclouds as an integer) and refuses renaming Default', async () => {
    clock.advance(1500);
    const res = await dc.patch('/subcloud-groups/east', { description: 'the east coast', max_parallel_subclouds: 50 });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ name: 'east', description: 'the east coast', max_parallel_subclouds: 50 });
    expect(res.json()['updated-at']).toBe('2026-05-01 08:00:01.750000');
    const renamed = await dc.patch('/subcloud-groups/2', { name: 'eastern' });
    expect(renamed.json().name).toBe('eastern');

    const nothing = await dc.patch('/subcloud-groups/eastern', {});
    expect([nothing.status, message(nothing.body)]).toEqual([400, 'nothing to update']);
    const rename = await dc.patch('/subcloud-groups/Default', { name: 'Main' });
    expect([rename.status, message(rename.body)]).toEqual([400, 'Default group name cannot be changed']);
    expect(rename.headers['x-error-code']).toBe('INVALID_INPUT');
    const taken = await dc.patch('/subcloud-groups/eastern', { name: 'west' });
    expect([taken.status, message(taken.body)]).toEqual([400, 'A subcloud group with this name already exists']);
    // Its other settings may change.
    const tuned = await dc.patch('/subcloud-groups/1', { update_apply_type: 'serial' });
    expect(tuned.json()).toMatchObject({ id: 1, name: 'Default', update_apply_type: 'serial' });
  });

  it('lists a group\'s subclouds, and deletes groups but not Default, answering a JSON null', async () => {
    const members = await dc.get('/subcloud-groups/eastern/subclouds');
    expect(members.status).toBe(200);
    expect(members.json()).toEqual({ subclouds: [] });

    const missing = await dc.get('/subcloud-groups/nosuch');
    expect([missing.status, message(missing.body)]).toEqual([404, 'Subcloud Group not found']);
    const deleted = await dc.delete('/subcloud-groups/eastern');
    expect([deleted.status, deleted.body]).toEqual([200, 'null']);
    expect((await dc.get('/subcloud-groups/eastern')).status).toBe(404);
    const kept = await dc.delete('/subcloud-groups/Default');
    expect([kept.status, message(kept.body)]).toEqual([400, 'Default Subcloud Group may not be deleted']);

    const audited = await t.request({ method: 'GET', url: '/audit/v1/entries?limit=50', token: admin });
    const targets = (audited.json().entries as Array<{ target: string | null; outcome: number }>).map((e) => `${e.target} ${e.outcome}`);
    expect(targets).toEqual(expect.arrayContaining(['subcloud-group:east 200', 'subcloud-group:eastern 200', 'null 400']));
  });
});
