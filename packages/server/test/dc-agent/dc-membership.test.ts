import { DcMembershipObject } from '@murmuration/core/contract/dc-agent';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { auditEntries, createUser } from '../support/api-helpers.js';
import { useTestController } from '../support/use-test-controller.js';

const CENTRAL = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };
const OTHER = { region: 'SystemController', url: 'http://other-central.example:6385', software_version: '0.1.0' };

describe.each(testDialects())('this controller leaving its system controller on %s', (dialect) => {
  const t = useTestController(dialect);
  let admin: string;
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const join = async (sc: typeof CENTRAL, name = 'edge-1') => {
    const created = await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: {} });
    return t.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: created.json<{ token: string }>().token, name, system_controller: sc } });
  };
  const membership = (token: string) => t.request({ method: 'GET', url: '/dcagent/v1/membership', token });
  const leave = (token: string) => t.request({ method: 'DELETE', url: '/dcagent/v1/membership', token });
  const userNames = async () =>
    (await t.request({ method: 'GET', url: '/identity/v3/users', token: admin })).json<{ users: Array<{ name: string }> }>().users.map((u) => u.name);

  it('answers 404 while no system controller adopted it, for showing and for leaving', async () => {
    for (const res of [await membership(admin), await leave(admin)]) {
      expect(res.status, res.body).toBe(404);
      expect(res.json()).toMatchObject({ details: { rule: 'not_adopted' } });
    }
  });

  it('shows the system controller that adopted it, to admins only', async () => {
    expect((await join(CENTRAL)).status).toBe(200);
    const res = await membership(admin);
    expect(res.status, res.body).toBe(200);
    const shown = res.json<DcMembershipObject>();
    expect(Value.Check(DcMembershipObject, shown)).toBe(true);
    expect(shown).toMatchObject({
      subcloud_name: 'edge-1', system_controller_region: 'SystemController', system_controller_url: CENTRAL.url,
      service_account: 'dcmanager-SystemController',
    });
    const reader = await createUser(t, admin, 'dc-reader', { role: 'reader' });
    const readerToken = await t.login(reader.name, reader.password);
    expect((await membership(readerToken)).status).toBe(403);
    expect((await leave(readerToken)).status).toBe(403);
    expect((await membership(admin)).status).toBe(200);
  });

  it('leaves when the system controller asks with its own account: the account and its tokens go, another may join', async () => {
    expect((await join(OTHER)).status, 'another system controller, while adopted').toBe(409);
    const answer = (await join(CENTRAL)).json<{ account: { username: string; password: string } }>();
    const serviceToken = await t.login(answer.account.username, answer.account.password);
    expect((await membership(serviceToken)).status).toBe(200);

    expect((await leave(serviceToken)).status).toBe(204);
    expect((await membership(admin)).status).toBe(404);
    expect(await userNames()).not.toContain('dcmanager-SystemController');
    expect((await membership(serviceToken)).status, 'its token was revoked with the account').toBe(401);
    const entry = (await auditEntries(t, admin)).find((e) => e.target === 'dc_membership:edge-1' && /left/.test(String(e.detail)));
    expect(entry?.detail).toBe(`left the system controller SystemController at ${CENTRAL.url}`);

    const other = await join(OTHER, 'edge-9');
    expect(other.status, other.body).toBe(200);
    expect((await membership(admin)).json<DcMembershipObject>()).toMatchObject({ subcloud_name: 'edge-9', system_controller_url: OTHER.url });
    expect((await leave(admin)).status, 'a local admin may end it too').toBe(204);
    expect((await membership(admin)).status).toBe(404);
  });
});
