import { compileConfig, createController, createLogger, type Controller, type RawConfig } from '@murmuration/server';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../../../../test-support/databases.js';
import { freePort } from '../../../../test-support/free-port.js';
import { issueToken, passwordAuth } from '../support/api-helpers.js';
import { dcmanagerClient, dcmanagerErrorMessage, webobLines } from '../support/dcmanager-client.js';
import { useTestController } from '../support/use-test-controller.js';

type Endpoint = { interface: string; region: string; region_id: string; url: string };
type CatalogEntry = { type: string; endpoints: Endpoint[] };

describe.each(testDialects())('a system controller on %s', (dialect) => {
  const t = useTestController(dialect, { config: { role: 'systemcontroller' } });
  let admin = '';
  const dc = dcmanagerClient(t, () => admin);

  it('records its role as the system\'s distributed_cloud_role', async () => {
    admin = await t.adminToken();
    const res = await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin });
    expect(res.json().isystems[0].distributed_cloud_role).toBe('systemcontroller');
  });

  it('lists dcmanager under the SystemController region alone, beside its own region\'s services', async () => {
    const catalog = (await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword))).json().token.catalog as CatalogEntry[];
    const dcmanager = catalog.filter((c) => c.type === 'dcmanager');
    expect(dcmanager).toHaveLength(1);
    expect(dcmanager[0]!.endpoints.map((e) => [e.interface, e.region, e.region_id])).toEqual([
      ['public', 'SystemController', 'SystemController'],
      ['internal', 'SystemController', 'SystemController'],
      ['admin', 'SystemController', 'SystemController'],
    ]);
    expect(dcmanager[0]!.endpoints[0]!.url).toMatch(/\/dcmanager\/v1\.0$/);
    const others = catalog.filter((c) => c.type !== 'dcmanager').flatMap((c) => c.endpoints.map((e) => e.region));
    expect(new Set(others)).toEqual(new Set(['RegionOne']));
    const endpoints = await t.request({ method: 'GET', url: '/identity/v3/endpoints?region_id=SystemController', token: admin });
    expect(endpoints.json().endpoints).toHaveLength(3);
  });

  it('serves the API root with its one version', async () => {
    const res = await t.request({ method: 'GET', url: '/dcmanager/' });
    expect(res.status).toBe(200);
    expect(res.json().versions).toEqual([{ status: 'CURRENT', links: [{ rel: 'self', href: 'http://localhost:80/dcmanager/v1.0/' }], id: 'v1.0', updated: '2017-10-2' }]);
  });

  describe('errors as webob pages, which the dcmanager client reads line by line', () => {
    it('writes the status line, the one-line explanation and the message in the body of an HTML page', async () => {
      const res = await dc.get('/subclouds/nosuch');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(res.headers['x-error-code']).toBe('NOT_FOUND');
      expect(res.body).toContain('<title>404 Not Found</title>');
      expect(webobLines(res.body)).toEqual(['404 Not Found', 'The resource could not be found.', 'Subcloud not found']);
      expect(dcmanagerErrorMessage(res.body)).toBe('The resource could not be found.\nDetails: Subcloud not found');
    });

    it('escapes the message, which the parser reads back as it was', async () => {
      const res = await dc.post('/subcloud-groups/', { name: 'g1', '<b>&"\'': 1 });
      expect(res.status).toBe(400);
      expect(res.body).toContain('&lt;b&gt;&amp;&quot;&#x27;');
      expect(webobLines(res.body)).toEqual([
        '400 Bad Request',
        'The server could not comply with the request since it is either malformed or otherwise incorrect.',
        `Invalid input: body has an unknown field '<b>&"''`,
      ]);
    });

    it('explains a 422 as webob does, and answers JSON to a client that accepts JSON alone', async () => {
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const refused = await dc.post('/subclouds/', { name: 'sc1', url: nobody, join_token: 'mjt-x' });
      expect(refused.status).toBe(422);
      const lines = webobLines(refused.body);
      expect(lines.slice(0, 2)).toEqual(['422 Unprocessable Entity', 'Unable to process the contained instructions']);
      expect(lines[2]).toContain(`subcloud ${nobody} is unreachable or failing: cannot reach ${nobody}/dcagent/v1/join`);
      expect(dcmanagerErrorMessage(refused.body)).toMatch(/^Unable to process the contained instructions\.\nDetails: subcloud/);
      const res = await t.request({
        method: 'GET', url: '/dcmanager/v1.0/subclouds/nosuch', token: admin, headers: { accept: 'application/json' },
      });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({ code: 404, title: 'Not Found', description: 'Subcloud not found' });
    });

    it('answers an unknown route and a missing token in the same page format', async () => {
      const unknown = await dc.get('/nothing-here');
      expect(unknown.status).toBe(404);
      expect(webobLines(unknown.body)[0]).toBe('404 Not Found');
      const anonymous = await t.request({ method: 'GET', url: '/dcmanager/v1.0/subclouds' });
      expect(anonymous.status).toBe(401);
      expect(webobLines(anonymous.body).slice(0, 1)).toEqual(['401 Unauthorized']);
    });
  });
});

/** A controller on a database of its own, opened again and again as restarts do. */
async function startOn(db: TestDatabase, raw: RawConfig): Promise<Controller> {
  const config = compileConfig(
    { listen: '127.0.0.1:0', database: db.location.kind === 'postgres' ? db.location.url : undefined, passwordHashCost: { ln: 10, r: 8, p: 1 }, ...raw, dataDir: db.dir },
    { dataDir: db.dir, softwareVersion: '0.1.0-test' },
  );
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  return createController(config, { logger: createLogger('silent', silent) });
}

describe.each(testDialects())('the role across restarts on %s', (dialect) => {
  it('keeps the role of the first start, and refuses a --role that would change it', async () => {
    const db = await freshDatabase(dialect);
    try {
      const first = await startOn(db, { role: 'systemcontroller' });
      await first.close();
      const again = await startOn(db, {});
      try {
        await again.http.ready();
        const res = await again.http.inject({ method: 'GET', url: '/dcmanager/' });
        expect(res.statusCode).toBe(200);
      } finally {
        await again.close();
      }
      await expect(startOn(db, { role: 'standalone' })).rejects.toThrow(
        '--role standalone: this controller was first started as systemcontroller',
      );
      const repeated = await startOn(db, { role: 'systemcontroller' });
      await repeated.close();
    } finally {
      await db.drop();
    }
  });

  it('a standalone controller records no role and serves no dcmanager', async () => {
    const db = await freshDatabase(dialect);
    try {
      const standalone = await startOn(db, {});
      try {
        await standalone.http.ready();
        expect((await standalone.services.systems.list())[0]!.distributedCloudRole).toBeNull();
        expect((await standalone.http.inject({ method: 'GET', url: '/dcmanager/' })).statusCode).toBe(404);
      } finally {
        await standalone.close();
      }
      await expect(startOn(db, { role: 'systemcontroller' })).rejects.toThrow('first started as standalone');
    } finally {
      await db.drop();
    }
  });
});
