import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createUser } from './support/api-helpers.js';
import { startTestController } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/** Sum of `murmur_http_request_duration_seconds_count` over the series matching the labels. */
function requestCount(metrics: string, labels: { method: string; route: string; status_code: string }): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    const match = /^murmur_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/.exec(line);
    if (!match) continue;
    const found = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (found['method'] === labels.method && found['route'] === labels.route && found['status_code'] === labels.status_code) total += Number(match[2]);
  }
  return total;
}

/** Every (method, URL template) the server routes, read from Fastify's own route tree. */
/** The parts of the OpenAPI document these tests read. */
interface SchemaObject {
  readonly type?: string;
  readonly format?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly additionalProperties?: boolean | SchemaObject;
}
type MediaTypes = Readonly<Record<string, { readonly schema?: SchemaObject }>>;
interface OperationObject {
  readonly summary?: string;
  readonly parameters?: ReadonlyArray<{ readonly in: string; readonly name: string }>;
  readonly requestBody?: { readonly content: MediaTypes };
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: MediaTypes }>>;
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly version: string };
  readonly components: { readonly securitySchemes: Readonly<Record<string, unknown>> };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
}

function registeredRoutes(tree: string): Array<{ method: string; url: string }> {
  const stack: string[] = [];
  const routes: Array<{ method: string; url: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const methods = match[3]?.split(', ') ?? [];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: stack.join('') });
  }
  return routes;
}

describe.each(testDialects())('platform endpoints on %s', (dialect) => {
  let admin: string;

  const t = useTestController(dialect);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  describe('health', () => {
    it('answers liveness without a token', async () => {
      const res = await t.request({ method: 'GET', url: '/health' });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    });

    it('answers readiness with the database state', async () => {
      const res = await t.request({ method: 'GET', url: '/health/ready' });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
    });

    it('reports not ready (503) when the database does not answer', async () => {
      const other = await startTestController(dialect);
      try {
        await other.controller.store.close();
        const res = await other.request({ method: 'GET', url: '/health/ready' });
        expect(res.status).toBe(503);
        expect(res.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
        expect((await other.request({ method: 'GET', url: '/health' })).status).toBe(200);
      } finally {
        await other.controller.http.close();
        await other.db.drop();
      }
    });
  });

  describe('metrics', () => {
    const scrape = async (token: string | null = admin) => {
      const res = await t.request({ method: 'GET', url: '/metrics', token });
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toContain('text/plain');
      return res.body;
    };

    it('needs a token unless configured public', async () => {
      expect((await t.request({ method: 'GET', url: '/metrics' })).status).toBe(401);
      const r = await createUser(t, admin, 'scraper', { role: 'reader' });
      expect((await t.request({ method: 'GET', url: '/metrics', token: await t.login(r.name, r.password) })).status).toBe(200);

      const open = await startTestController(dialect, { config: { metricsPublic: true } });
      try {
        const res = await open.request({ method: 'GET', url: '/metrics' });
        expect(res.status).toBe(200);
        expect(res.body).toContain('murmur_process_cpu_seconds_total');
      } finally {
        await open.close();
      }
    });

    it('counts requests by method, route template and status', async () => {
      const uuid = (await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin })).json().isystems[0].uuid;
      const before = await scrape();
      const list = { method: 'GET', route: '/sysinv/v1/isystems', status_code: '200' };
      const refused = { method: 'GET', route: '/sysinv/v1/isystems', status_code: '401' };
      const one = { method: 'GET', route: '/sysinv/v1/isystems/:uuid', status_code: '200' };
      const patchBad = { method: 'PATCH', route: '/sysinv/v1/isystems/:uuid', status_code: '400' };
      const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };

      for (let i = 0; i < 3; i++) await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin });
      for (let i = 0; i < 2; i++) await t.request({ method: 'GET', url: '/sysinv/v1/isystems' });
      await t.request({ method: 'GET', url: `/sysinv/v1/isystems/${uuid}`, token: admin });
      await t.request({ method: 'PATCH', url: `/sysinv/v1/isystems/${uuid}`, token: admin, body: [{ op: 'replace', path: '/latitude', value: '200' }] });
      await t.request({ method: 'GET', url: '/scan/for/admin.php' });
      await t.request({ method: 'GET', url: '/scan/for/wp-login.php' });
      await t.request({ method: 'GET', url: `/identity/v3/users/${'x'.repeat(500)}`, token: admin });

      const after = await scrape();
      expect(requestCount(after, list) - requestCount(before, list)).toBe(3);
      expect(requestCount(after, refused) - requestCount(before, refused)).toBe(2);
      expect(requestCount(after, one) - requestCount(before, one)).toBe(1);
      expect(requestCount(after, patchBad) - requestCount(before, patchBad)).toBe(1);
      expect(requestCount(after, unmatched) - requestCount(before, unmatched)).toBe(2);
      // Scanned URLs share one series instead of creating one each.
      expect(after).not.toContain('admin.php');
      expect(after).not.toContain('xxxxxxxx');
    });

    it('counts alarm changes made inside the controller, not only those raised through the API', async () => {
      const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
      const before = await scrape();
      // Adding a host raises 200.001 (locked) in the host service's own transaction.
      const added = await t.request({ method: 'POST', url: '/sysinv/v1/ihosts', token: admin, body: { hostname: 'controller-0', personality: 'controller' } });
      expect(added.status, added.body).toBe(200);
      const alarms = (await t.request({ method: 'GET', url: '/fm/v1/alarms?q.field=alarm_id&q.op=eq&q.value=200.001', token: admin })).json().alarms;
      expect(alarms).toHaveLength(1);
      const after = await scrape();
      expect(counter(after, 'murmur_fm_commits_total') - counter(before, 'murmur_fm_commits_total')).toBe(1);
      expect(counter(after, 'murmur_fm_changes_total') - counter(before, 'murmur_fm_changes_total')).toBeGreaterThanOrEqual(1);
    });
  });

  describe('OpenAPI document', () => {
    let doc: OpenApiDocument;

    beforeAll(async () => {
      const res = await t.request({ method: 'GET', url: '/openapi.json' });
      expect(res.status).toBe(200);
      doc = res.json();
    });

    it('is public and describes this controller', () => {
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info.version).toBe('0.1.0-test');
      expect(doc.components.securitySchemes.token).toEqual({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    });

    it('lists every registered route with a summary and its path parameters', () => {
      const routes = registeredRoutes(t.controller.http.printRoutes({ commonPrefix: false }));
      expect(routes.length).toBeGreaterThan(30);
      for (const { method, url } of routes) {
        const path = url.replace(/:(\w+)/g, '{$1}');
        const operation = doc.paths[path]?.[method.toLowerCase()];
        expect(operation, `${method} ${url}`).toBeDefined();
        expect(operation!.summary, `${method} ${url}`).toEqual(expect.any(String));
        const params = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
        const documented = (operation!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
        expect(documented, `${method} ${url}`).toEqual(params);
      }
      const documentedCount = Object.values(doc.paths).reduce(
        (n: number, ops) => n + Object.keys(ops as object).length,
        0,
      );
      expect(documentedCount).toBe(routes.length);
    });

    it('gives every route that takes a body its request schema', () => {
      for (const { method, url } of registeredRoutes(t.controller.http.printRoutes({ commonPrefix: false }))) {
        if (method !== 'POST' && method !== 'PATCH') continue;
        const operation = doc.paths[url.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase()]!;
        const content = operation.requestBody?.content ?? {};
        const schema = content['application/json']?.schema;
        if (schema === undefined && content['application/gzip']) {
          // A file upload (a release bundle) is documented as binary.
          expect(content['application/gzip'].schema, `${method} ${url}`).toMatchObject({ type: 'string', format: 'binary' });
          continue;
        }
        if (schema === undefined && content['multipart/form-data']) {
          // A form upload (`software upload`) is documented as files.
          expect(content['multipart/form-data'].schema, `${method} ${url}`).toMatchObject({ type: 'object', additionalProperties: { type: 'string', format: 'binary' } });
          continue;
        }
        expect(schema, `${method} ${url}`).toBeDefined();
        expect(['object', 'array']).toContain(schema!.type);
      }
      const login = doc.paths['/identity/v3/auth/tokens']!['post']!.requestBody!.content['application/json']!.schema!;
      expect(login.properties!['auth']!.properties!['identity']!.required).toContain('methods');
      expect(login.additionalProperties).toBe(false);
    });

    it('documents the success response of every route, with its schema when it has a body', () => {
      for (const { method, url } of registeredRoutes(t.controller.http.printRoutes({ commonPrefix: false }))) {
        const operation = doc.paths[url.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase()]!;
        const successes = Object.entries(operation.responses).filter(
          ([code]) => /^[23]/.test(code),
        );
        expect(successes.length, `${method} ${url}`).toBeGreaterThan(0);
        for (const [code, response] of successes) {
          // 204 and 304 answers have no body, by HTTP.
          if (code === '204' || code === '304') {
            expect(response.content, `${method} ${url} ${code}`).toBeUndefined();
          } else {
            const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
            expect(schemas.length, `${method} ${url} ${code} has no schema`).toBeGreaterThan(0);
          }
        }
        // USM answers a delete with the texts its client prints (200); every other family with 204. A PUT answers
        // 204, but a sync push, which answers the digest the subcloud then holds, and a prestage offer or chunk,
        // which answer where the transfer stands.
        const answersState = method === 'PUT' && (url.startsWith('/dcagent/v1/sync/') || url.startsWith('/dcagent/v1/prestage/'));
        if ((method === 'DELETE' && !url.startsWith('/usm/')) || (method === 'PUT' && !answersState)) {
          expect(Object.keys(operation.responses), `${method} ${url}`).toContain('204');
        }
      }
      const schemaOf = (path: string, method: string, code: string) => doc.paths[path]![method]!.responses[code]!.content!['application/json']!.schema!;
      expect(schemaOf('/identity/v3/auth/tokens', 'post', '201').properties!['token']).toBeDefined();
      expect(schemaOf('/sysinv/v1/isystems', 'get', '200').properties!['isystems']).toBeDefined();
    });

    it('still serves the routes it documents the way it documents them', async () => {
      const metrics = await t.request({ method: 'GET', url: '/metrics', token: admin });
      expect(metrics.body.startsWith('#')).toBe(true);
      // The response schema must not drop anything from the document while serializing it.
      expect(doc).toEqual(
        JSON.parse(JSON.stringify((t.controller.http as unknown as { swagger(): unknown }).swagger())),
      );
      const pid = (await t.request({ method: 'GET', url: '/identity/v3/projects?name=services', token: admin })).json().projects[0].id;
      const created = await t.request({ method: 'POST', url: '/identity/v3/roles', token: admin, body: { role: { name: 'doc-role' } } });
      const del = await t.request({ method: 'DELETE', url: `/identity/v3/roles/${created.json().role.id}`, token: admin });
      expect(del.status).toBe(204);
      expect(del.body).toBe('');
      expect((await t.request({ method: 'DELETE', url: `/identity/v3/projects/${pid}`, token: admin })).status).toBe(204);
    });
  });
});
