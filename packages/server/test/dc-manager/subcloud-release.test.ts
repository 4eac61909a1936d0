import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { auditEntries } from '../support/api-helpers.js';
import { useSystemController } from '../support/use-system-controller.js';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('deleting a subcloud lets it go on %s', (dialect) => {
  const central = useSystemController(dialect, { config: { dcManager: { auditTimeoutMs: 1000 } } });
  const site = useTestController(dialect, { config: { region: 'Edge1' } });
  const { dc } = central;
  let siteUrl = '';
  let siteAdmin = '';

  const add = async (name: string) => {
    const token = (await site.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: siteAdmin, body: {} })).json().token;
    const res = await dc.post('/subclouds/', { name, url: siteUrl, join_token: token });
    expect(res.status, res.body).toBe(200);
  };
  const membership = () => site.request({ method: 'GET', url: '/dcagent/v1/membership', token: siteAdmin });
  const deletion = async (name: string) =>
    (await auditEntries(central.t, central.admin)).find((e) => e.target === `subcloud:${name}` && e.method === 'DELETE');

  beforeAll(async () => {
    siteUrl = await site.controller.listen();
    siteAdmin = await site.adminToken();
  });

  it('tells the subcloud to leave: its membership and the account there end, and it may be added again', async () => {
    await add('edge1');
    const held = (await membership()).json();
    expect(held).toMatchObject({ subcloud_name: 'edge1', service_account: expect.stringMatching(/^dcmanager-/) });
    const res = await dc.delete('/subclouds/edge1');
    expect(res.status, res.body).toBe(200);
    expect((await membership()).status).toBe(404);
    const users = (await site.request({ method: 'GET', url: '/identity/v3/users', token: siteAdmin })).json().users;
    expect(users.map((u: { name: string }) => u.name)).not.toContain(held.service_account);
    expect((await deletion('edge1'))?.detail).toBe('deleted; the subcloud left this system controller');
    await add('edge1-again');
    expect((await membership()).json()).toMatchObject({ subcloud_name: 'edge1-again' });
  });

  it('deletes a subcloud it cannot reach all the same, and says that it was not told', async () => {
    await site.close();
    const res = await dc.delete('/subclouds/edge1-again');
    expect(res.status, res.body).toBe(200);
    expect((await dc.get('/subclouds/edge1-again')).status).toBe(404);
    expect((await deletion('edge1-again'))?.detail).toMatch(
      /^deleted; the subcloud was not told \(.+\): run "murmur dcmanager membership leave" there before another/,
    );
  });
});
