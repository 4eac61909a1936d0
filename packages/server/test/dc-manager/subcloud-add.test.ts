import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { webobMessage } from '../support/dcmanager-client.js';
import { joinAnswer, type HollowJoinSubcloud } from '../support/hollow-join-subcloud.js';
import { useSystemController } from '../support/use-system-controller.js';

/** The 16 keys without which the dcmanager client's Subcloud cannot be built. */
const REQUIRED_KEYS = [
  'id', 'name', 'description', 'location', 'software-version', 'management-state', 'availability-status',
  'deploy-status', 'management-subnet', 'management-start-ip', 'management-end-ip', 'management-gateway-ip',
  'systemcontroller-gateway-ip', 'created-at', 'updated-at', 'group_id',
];

describe.each(testDialects())('subcloud add on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { dc } = suite;
  const count = async () => (await dc.get('/subclouds/')).json().subclouds.length as number;
  let hollow: HollowJoinSubcloud;
  beforeAll(() => {
    hollow = suite.hollow;
  });

  it('adds a subcloud by URL and join token (JSON): unmanaged, offline, deployed, nothing synced or counted yet', async () => {
    const res = await dc.post('/subclouds/', {
      name: 'sc1', url: `${hollow.url}/sc1/`, join_token: 'mjt-one', description: 'first', location: 'Ottawa',
      latitude: 45.42, longitude: -75.69,
    });
    expect(res.status, res.body).toBe(200);
    const body = res.json();
    for (const key of REQUIRED_KEYS) expect(body, key).toHaveProperty(key);
    expect(body).toMatchObject({
      id: 1, name: 'sc1', description: 'first', location: 'Ottawa', 'software-version': '0.1.0-test',
      'management-state': 'unmanaged', 'availability-status': 'offline', 'deploy-status': 'complete',
      'error-description': 'No errors present', 'region-name': 'region-sc1', group_id: 1, 'updated-at': null,
      'prestage-status': null, latitude: 45.42, longitude: -75.69, url: `${hollow.url}/sc1`,
    });
    // The add answers its database row, as pecan writes it: no sync keys, times with a space.
    expect(body['created-at']).toBe('2026-05-01 08:00:00');
    expect(body).not.toHaveProperty('sync_status');
    expect(body).not.toHaveProperty('endpoint_sync_status');

    const join = hollow.requests.at(-1)!;
    expect([join.method, join.path, join.headers['x-auth-token']]).toEqual(['POST', '/sc1/dcagent/v1/join', undefined]);
    expect(join.body).toEqual({
      join_token: 'mjt-one', name: 'sc1',
      system_controller: { region: 'RegionOne', url: 'http://127.0.0.1:0', software_version: '0.1.0-test' },
    });

    const alarms = (await dc.get('/alarms/')).json().alarm_summary;
    expect(alarms).toEqual([{
      region_name: 'sc1', uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), critical_alarms: -1, major_alarms: -1,
      minor_alarms: -1, warnings: -1, cloud_status: 'disabled',
    }]);
  });

  it('adds a subcloud as the StarlingX client does: multipart, bootstrap values file, bootstrap-address, group by name', async () => {
    expect((await dc.post('/subcloud-groups/', { name: 'east' })).status).toBe(200);
    const yaml = [
      '# a StarlingX bootstrap file: the deployment keys are not read here',
      'system_mode: simplex', 'name: sc2', 'description: "second one"', 'location: Montreal',
      'join_token: mjt-two', 'management_subnet: 192.168.101.0/24', '',
    ].join('\n');
    const res = await dc.postForm('/subclouds/', [
      ['bootstrap_values', { filename: '/home/sysadmin/sc2-bootstrap.yml', content: yaml }],
      ['bootstrap-address', `${hollow.url}/sc2`],
      ['sysadmin_password', Buffer.from('Ignored-With-A-Token-1').toString('base64')],
      ['group_id', 'east'],
    ]);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'sc2', description: 'second one', location: 'Montreal', group_id: 2 });
    expect(hollow.requests.at(-1)!.body).toMatchObject({ join_token: 'mjt-two', name: 'sc2' });
  });

  it('joins with the subcloud\'s admin credentials: logs them in there, and joins with that token', async () => {
    const res = await dc.post('/subclouds/', { name: 'sc3', url: `${hollow.url}/sc3`, admin_username: 'admin', admin_password: 'Subcloud-Admin-Pw-1' });
    expect(res.status, res.body).toBe(200);
    const [login, join] = hollow.requests.slice(-2);
    expect([login!.method, login!.path]).toEqual(['POST', '/sc3/identity/v3/auth/tokens']);
    expect(login!.body).toMatchObject({
      auth: { identity: { password: { user: { name: 'admin', password: 'Subcloud-Admin-Pw-1' } } }, scope: { project: { name: 'admin' } } },
    });
    expect([join!.path, join!.headers['x-auth-token']]).toEqual(['/sc3/dcagent/v1/join', 'hollow-admin-token']);
    expect(join!.body).not.toHaveProperty('join_token');

    // The StarlingX client's prompted password stands for the admin's when there is no token.
    const cli = await dc.postForm('/subclouds/', [
      ['bootstrap_values', { filename: 'sc4.yml', content: 'name: sc4\n' }],
      ['bootstrap-address', `${hollow.url}/sc4`],
      ['sysadmin_password', Buffer.from('Subcloud-Admin-Pw-4').toString('base64')],
    ]);
    expect(cli.status, cli.body).toBe(200);
    expect(hollow.requests.at(-2)!.body).toMatchObject({ auth: { identity: { password: { user: { name: 'admin', password: 'Subcloud-Admin-Pw-4' } } } } });
  });

  it('refuses what it can before asking the subcloud anything: 400 for bad input, 409 for a name or URL taken', async () => {
    const before = hollow.requests.length;
    const refusals: Array<[Record<string, unknown>, number, string]> = [
      [{ name: 'SC5', url: hollow.url, join_token: 'x' }, 400, "Invalid name: must consist of lowercase alphanumeric characters or '-', must start and end with an alphanumeric character, and may not be all digits"],
      [{ name: 'summary', url: hollow.url, join_token: 'x' }, 400, 'Invalid name: summary is reserved'],
      [{ name: 'sc5', url: 'ftp://x', join_token: 'x' }, 400, 'url must be an http or https URL'],
      [{ name: 'sc5', url: `${hollow.url}?a=1`, join_token: 'x' }, 400, 'url must be a base URL, without credentials, query or fragment'],
      [{ name: 'sc5', join_token: 'x' }, 400, 'url is required (or bootstrap-address)'],
      [{ url: hollow.url, join_token: 'x' }, 400, 'name is required (or in bootstrap_values)'],
      [{ name: 'sc5', url: hollow.url }, 400, 'give a join_token (made on the subcloud with `murmur dcmanager join-token create`) or the admin_username and admin_password of the subcloud'],
      [{ name: 'sc5', url: hollow.url, join_token: 'x', admin_password: 'y' }, 400, 'give either a join_token or the admin credentials of the subcloud, not both'],
      [{ name: 'sc5', url: hollow.url, join_token: 'x', group_id: 'nosuch' }, 400, 'Invalid group'],
      [{ name: 'sc5', url: hollow.url, join_token: 'x', install_values: 'a: b' }, 400, 'install_values is not supported: subclouds are installed on their sites, then added by URL with a join token or their admin credentials'],
      [{ name: 'sc5', url: hollow.url, join_token: 'x', colour: 'red' }, 400, 'Unexpected parameter received: colour'],
      [{ name: 'sc5', url: hollow.url, join_token: 'x', latitude: 91 }, 400, 'latitude must be a number from -90 to 90'],
      [{ name: 'sc1', url: `${hollow.url}/other`, join_token: 'x' }, 409, 'Subcloud with name sc1 already exists'],
      [{ name: 'sc5', url: `${hollow.url.toUpperCase().replace('HTTP', 'http')}/sc1//`, join_token: 'x' }, 409, `Subcloud sc1 is already at ${hollow.url}/sc1`],
    ];
    for (const [body, status, text] of refusals) {
      const res = await dc.post('/subclouds/', body);
      expect([res.status, webobMessage(res.body)], JSON.stringify(body)).toEqual([status, text]);
    }
    const bad64 = await dc.postForm('/subclouds/', [
      ['bootstrap_values', { filename: 'b.yml', content: 'name: sc5\n' }], ['bootstrap-address', hollow.url], ['sysadmin_password', '***'],
    ]);
    expect([bad64.status, webobMessage(bad64.body)]).toEqual([400, 'Failed to decode subcloud sysadmin_password, verify the password is base64 encoded']);
    const yaml = await dc.postForm('/subclouds/', [['bootstrap_values', { filename: 'b.yml', content: 'name: [unclosed\n' }], ['bootstrap-address', hollow.url]]);
    expect(yaml.status).toBe(400);
    expect(webobMessage(yaml.body)).toMatch(/^Error: Unable to load bootstrap_values file contents \(/);
    expect(hollow.requests.length).toBe(before);
    expect(await count()).toBe(4);
  });

  it('passes on the subcloud\'s refusals (a wrong or spent token) and refuses what it cannot manage; nothing is kept', async () => {
    const good = hollow.answer;
    const cases: Array<[() => void, number, string, string]> = [
      [() => (hollow.answer = () => ({ status: 404, body: { code: 'ROUTE_NOT_FOUND', message: 'No route', requestId: 'r' } })), 422, 'UNPROCESSABLE', `${hollow.url}/sc5 serves no dcagent join API: is it a controller of this version?`],
      [() => (hollow.answer = () => ({ status: 401, body: { code: 'UNAUTHENTICATED', message: 'the join token is not valid', requestId: 'r' } })), 422, 'UNPROCESSABLE', 'the subcloud refused the join: the join token is not valid'],
      [() => (hollow.answer = () => ({ status: 409, body: { code: 'CONFLICT', message: 'the join token was used already', requestId: 'r' } })), 409, 'CONFLICT', 'the subcloud refused the join: the join token was used already'],
      [() => (hollow.answer = () => ({ status: 200, body: joinAnswer({ software_version: '0.2.0' }) })), 422, 'UNPROCESSABLE', 'subcloud sc5 runs 0.2.0, which this system controller (0.1.0-test) cannot manage: their release lines differ'],
      [() => (hollow.answer = () => ({ status: 200, body: { hello: 'world' } })), 422, 'UNPROCESSABLE', `subcloud ${hollow.url}/sc5 answered the join with something that is not a join answer`],
      [() => (hollow.answer = () => ({ status: 200, body: 'not json at all' })), 422, 'UNPROCESSABLE', `subcloud ${hollow.url}/sc5 is unreachable or failing: the server answered the join with something that is not JSON (HTTP 200)`],
      [() => (hollow.answer = () => ({ status: 500, body: { code: 'INTERNAL', message: 'boom', requestId: 'r' } })), 422, 'UNPROCESSABLE', `subcloud ${hollow.url}/sc5 is unreachable or failing: boom`],
      [() => (hollow.answer = () => ({ status: 200, body: joinAnswer({ region_name: 'region-sc1' }) })), 409, 'CONFLICT', 'region region-sc1 is already the region of subcloud sc1'],
      [() => (hollow.answer = () => ({ status: 200, body: joinAnswer({ region_name: 'SystemController' }) })), 409, 'CONFLICT', "the subcloud's region SystemController is a region of this system controller"],
    ];
    for (const [arrange, status, code, text] of cases) {
      arrange();
      const res = await dc.post('/subclouds/', { name: 'sc5', url: `${hollow.url}/sc5`, join_token: 'mjt-five' });
      expect([res.status, res.headers['x-error-code'], webobMessage(res.body)], text).toEqual([status, code, text]);
    }
    const wrong = await dc.post('/subclouds/', { name: 'sc5', url: `${hollow.url}/sc5`, admin_username: 'admin', admin_password: 'Wrong-Password' });
    expect([wrong.status, webobMessage(wrong.body)]).toEqual([422, 'the subcloud refused the admin credentials: The request you have made requires authentication.']);
    expect(await count()).toBe(4);
    hollow.answer = good;
  });
});
