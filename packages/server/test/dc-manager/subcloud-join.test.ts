import { DcAgentApi, Session } from '@murmuration/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { webobMessage } from '../support/dcmanager-client.js';
import { useSystemController } from '../support/use-system-controller.js';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('adding a real subcloud on %s', (dialect) => {
  const central = useSystemController(dialect);
  const other = useSystemController(dialect, { config: { advertiseUrl: 'http://central-2.example:6385' } });
  const site = useTestController(dialect, { config: { region: 'Edge1' } });
  let siteUrl = '';
  let siteAdmin = '';
  const { dc } = central;

  const joinToken = async (): Promise<string> => {
    const res = await site.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: siteAdmin, body: { description: 'for the system controller' } });
    expect(res.status, res.body).toBe(201);
    return res.json().token as string;
  };

  beforeAll(async () => {
    siteUrl = await site.controller.listen();
    siteAdmin = await site.adminToken();
  });

  let spent = '';
  it('joins with a token made there, sent as the StarlingX client sends a subcloud add', async () => {
    spent = await joinToken();
    const res = await dc.postForm('/subclouds/', [
      ['bootstrap_values', { filename: 'edge1.yml', content: `name: edge1\nlocation: Site 1\njoin_token: ${spent}\n` }],
      ['bootstrap-address', `${siteUrl}/`],
      ['sysadmin_password', Buffer.from('prompted').toString('base64')],
    ]);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: 1, name: 'edge1', location: 'Site 1', 'region-name': 'Edge1', 'software-version': '0.1.0-test',
      'management-state': 'unmanaged', 'availability-status': 'offline', 'deploy-status': 'complete', url: siteUrl,
    });
    const membership = await site.controller.store.repos.membership.find();
    expect(membership).toMatchObject({ subcloudName: 'edge1', systemControllerRegion: 'RegionOne', systemControllerUrl: 'http://127.0.0.1:0' });
  });

  it('keeps the account the subcloud made: it logs in there and audits it in one request', async () => {
    const credential = (await central.t.controller.services.dcManager.credentialOf(1))!;
    expect(credential.authUrl).toBe(`${siteUrl}/identity/v3`);
    const session = new Session({
      authUrl: credential.authUrl, username: credential.username, password: credential.password,
      projectName: credential.projectName, userDomainName: credential.userDomainName,
      projectDomainName: credential.projectDomainName, regionName: null, interface: 'public',
    });
    const audit = await new DcAgentApi(siteUrl).audit({ token: (await session.token()).token });
    expect(audit.status).toBe(200);
    expect(audit.status === 200 && audit.report.region_name).toBe('Edge1');
  });

  it('passes on the subcloud\'s refusal of a spent token, and joins again with the subcloud\'s admin credentials', async () => {
    expect((await dc.delete('/subclouds/edge1')).status).toBe(200);
    const again = await dc.post('/subclouds/', { name: 'edge1', url: siteUrl, join_token: spent });
    expect([again.status, again.headers['x-error-code'], webobMessage(again.body)]).toEqual([
      422, 'UNPROCESSABLE', 'the subcloud refused the join: The join token was already used; create a new one on this controller.',
    ]);
    const wrong = await dc.post('/subclouds/', { name: 'edge1', url: siteUrl, admin_username: 'admin', admin_password: 'Not-The-Password-1' });
    expect([wrong.status, webobMessage(wrong.body)]).toEqual([422, 'the subcloud refused the admin credentials: The request you have made requires authentication.']);
    expect((await dc.get('/subclouds/')).json().subclouds).toEqual([]);

    const admin = await dc.post('/subclouds/', { name: 'edge1', url: siteUrl, admin_username: 'admin', admin_password: site.adminPassword });
    expect(admin.status, admin.body).toBe(200);
    expect(admin.json()).toMatchObject({ name: 'edge1', 'region-name': 'Edge1' });
  });

  it('refuses to take a subcloud another system controller holds, as the subcloud says (409)', async () => {
    const res = await other.dc.post('/subclouds/', { name: 'edge1', url: siteUrl, join_token: await joinToken() });
    expect([res.status, webobMessage(res.body)]).toEqual([
      409, 'the subcloud refused the join: This controller is already subcloud edge1 of the system controller RegionOne at http://127.0.0.1:0.',
    ]);
    expect((await other.dc.get('/subclouds/')).json().subclouds).toEqual([]);
  });
});
