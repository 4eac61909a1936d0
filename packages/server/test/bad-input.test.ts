import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { tableNames } from '../../../test-support/raw-database.js';
import { createUser } from './support/api-helpers.js';
import type { InjectOptions, InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

type Family = 'keystone' | 'sysinv' | 'native';

interface BadInput {
  readonly name: string;
  readonly request: (ids: Ids) => InjectOptions;
  readonly status: number;
  readonly code: string;
  /** Text the message must contain, so that the caller learns what is wrong. */
  readonly says: string | RegExp;
  readonly family: Family;
}

interface Ids {
  readonly system: string;
  readonly user: string;
  readonly admin: string;
}

const SQL = "x'); DROP TABLE users; --";
const LOGIN = { auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: 'not-the-password-1' } } } } };

const CASES: readonly BadInput[] = [
  // Bodies that are not JSON, or not the JSON the route takes.
  { name: 'malformed JSON', request: () => ({ method: 'POST', url: '/identity/v3/users', rawBody: '{"user": {"name": "x",}' }), status: 400, code: 'MALFORMED_BODY', says: 'not valid JSON', family: 'keystone' },
  { name: 'truncated JSON patch', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, rawBody: '[{"op": "replace", "path": "/name"' }), status: 400, code: 'MALFORMED_BODY', says: 'not valid JSON', family: 'sysinv' },
  { name: 'empty JSON body', request: () => ({ method: 'POST', url: '/identity/v3/projects', rawBody: '' }), status: 400, code: 'INVALID_INPUT', says: 'body must be of type object', family: 'keystone' },
  { name: 'no body at all', request: () => ({ method: 'POST', url: '/identity/v3/projects' }), status: 400, code: 'INVALID_INPUT', says: 'body must be of type object', family: 'keystone' },
  { name: 'prototype pollution key', request: () => ({ method: 'POST', url: '/identity/v3/projects', rawBody: '{"__proto__": {"admin": true}, "project": {"name": "polluted"}}' }), status: 400, code: 'INVALID_INPUT', says: "body has a field named '__proto__'", family: 'keystone' },
  { name: 'boolean given as a string', request: () => ({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'typed', enabled: 'yes' } } }), status: 400, code: 'INVALID_INPUT', says: 'body.user.enabled must be of type boolean', family: 'keystone' },
  { name: 'name given as a number', request: () => ({ method: 'POST', url: '/identity/v3/roles', body: { role: { name: 42 } } }), status: 400, code: 'INVALID_INPUT', says: 'body.role.name must be of type string', family: 'keystone' },
  { name: 'empty name', request: () => ({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: '' } } }), status: 400, code: 'INVALID_INPUT', says: 'body.project.name', family: 'keystone' },
  { name: 'oversize name', request: () => ({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'n'.repeat(300) } } }), status: 400, code: 'INVALID_INPUT', says: 'body.project.name', family: 'keystone' },
  { name: 'array where an object belongs', request: () => ({ method: 'POST', url: '/identity/v3/users', body: [{ user: { name: 'x' } }] }), status: 400, code: 'INVALID_INPUT', says: 'body must be of type object', family: 'keystone' },
  { name: 'object where a patch list belongs', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: { name: 'x' } }), status: 400, code: 'INVALID_INPUT', says: 'body must be of type array', family: 'sysinv' },
  { name: 'number as a patch value', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: [{ op: 'replace', path: '/latitude', value: 45 }] }), status: 400, code: 'INVALID_INPUT', says: 'body.0.value', family: 'sysinv' },
  { name: 'empty patch list', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: [] }), status: 400, code: 'INVALID_INPUT', says: 'body', family: 'sysinv' },
  { name: 'unsupported patch op', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: [{ op: 'move', from: '/name', path: '/description' }] }), status: 400, code: 'INVALID_INPUT', says: 'body.0', family: 'sysinv' },
  // Unknown fields are refused, not ignored.
  { name: 'unknown field in a user', request: () => ({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'extra', is_admin: true } } }), status: 400, code: 'INVALID_INPUT', says: "unknown field 'is_admin'", family: 'keystone' },
  { name: 'unknown top-level field', request: () => ({ method: 'POST', url: '/identity/v3/projects', body: { project: { name: 'extra' }, domain: 'x' } }), status: 400, code: 'INVALID_INPUT', says: "unknown field 'domain'", family: 'keystone' },
  { name: 'unknown key in a patch operation', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: [{ op: 'replace', path: '/name', value: 'x', section: 'global' }] }), status: 400, code: 'INVALID_INPUT', says: "unknown field 'section'", family: 'sysinv' },
  { name: 'unknown field in a login', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', body: { ...LOGIN, trust: true } }), status: 400, code: 'INVALID_INPUT', says: "unknown field 'trust'", family: 'keystone' },
  { name: 'unknown login method', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', body: { auth: { identity: { methods: ['saml2'] } } } }), status: 400, code: 'INVALID_INPUT', says: 'body.auth.identity.methods', family: 'keystone' },
  { name: 'token method without a token', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', body: { auth: { identity: { methods: ['token'] } } } }), status: 400, code: 'INVALID_INPUT', says: 'token.id', family: 'keystone' },
  { name: 'password user without name or id', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', body: { auth: { identity: { methods: ['password'], password: { user: { password: 'x' } } } } } }), status: 400, code: 'INVALID_INPUT', says: 'id or a name', family: 'keystone' },
  // Size, routes and media types.
  { name: 'oversize body', request: () => ({ method: 'POST', url: '/identity/v3/projects', rawBody: JSON.stringify({ project: { name: 'big', description: 'x'.repeat(2 * 1024 * 1024) } }) }), status: 413, code: 'PAYLOAD_TOO_LARGE', says: 'larger than the limit', family: 'keystone' },
  { name: 'unknown route', request: () => ({ method: 'GET', url: '/no/such/thing' }), status: 404, code: 'ROUTE_NOT_FOUND', says: 'No route for GET /no/such/thing', family: 'native' },
  { name: 'unknown sysinv resource', request: () => ({ method: 'POST', url: '/sysinv/v1/iprofiles', body: { hostname: 'x' } }), status: 404, code: 'ROUTE_NOT_FOUND', says: 'No route for POST /sysinv/v1/iprofiles', family: 'sysinv' },
  { name: 'method the route does not take', request: () => ({ method: 'DELETE', url: '/sysinv/v1/isystems' }), status: 404, code: 'ROUTE_NOT_FOUND', says: 'No route for DELETE', family: 'sysinv' },
  { name: 'XML content type', request: () => ({ method: 'POST', url: '/identity/v3/users', rawBody: '<user><name>x</name></user>', headers: { 'content-type': 'application/xml' } }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', says: 'application/json', family: 'keystone' },
  { name: 'form content type', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', rawBody: 'user=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', says: 'application/json', family: 'keystone' },
  { name: 'plain text body', request: () => ({ method: 'POST', url: '/identity/v3/users', rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }), status: 400, code: 'INVALID_INPUT', says: 'body must be of type object', family: 'keystone' },
  // Identifiers that are not identifiers.
  { name: 'bad system UUID', request: () => ({ method: 'GET', url: '/sysinv/v1/isystems/not-a-uuid' }), status: 400, code: 'INVALID_INPUT', says: 'path.uuid', family: 'sysinv' },
  { name: 'bad system UUID on patch', request: () => ({ method: 'PATCH', url: '/sysinv/v1/isystems/1234', body: [{ op: 'replace', path: '/name', value: 'x' }] }), status: 400, code: 'INVALID_INPUT', says: 'path.uuid', family: 'sysinv' },
  { name: 'unknown system UUID', request: () => ({ method: 'PATCH', url: '/sysinv/v1/isystems/00000000-0000-4000-8000-000000000000', body: [{ op: 'replace', path: '/name', value: 'x' }] }), status: 404, code: 'NOT_FOUND', says: 'system not found', family: 'sysinv' },
  { name: 'bad user id', request: () => ({ method: 'DELETE', url: '/identity/v3/users/not-an-id' }), status: 400, code: 'INVALID_INPUT', says: 'path.user_id', family: 'keystone' },
  { name: 'unknown user id', request: () => ({ method: 'PATCH', url: `/identity/v3/users/${'e'.repeat(32)}`, body: { user: { description: 'x' } } }), status: 404, code: 'NOT_FOUND', says: 'Could not find user', family: 'keystone' },
  { name: 'very long path parameter', request: () => ({ method: 'DELETE', url: `/identity/v3/users/${'a'.repeat(5000)}` }), status: 400, code: 'INVALID_INPUT', says: 'path parameter in the request URL is too long', family: 'keystone' },
  { name: 'broken percent-encoding', request: () => ({ method: 'GET', url: '/sysinv/v1/isystems/%E0%A4%A' }), status: 400, code: 'INVALID_INPUT', says: 'not correctly percent-encoded', family: 'sysinv' },
  // SQL where data belongs.
  { name: 'SQL in a path parameter', request: () => ({ method: 'DELETE', url: `/identity/v3/users/${encodeURIComponent("1' OR '1'='1")}` }), status: 400, code: 'INVALID_INPUT', says: 'path.user_id', family: 'keystone' },
  { name: 'SQL in a system path', request: () => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${encodeURIComponent("'; DELETE FROM systems; --")}`, body: [{ op: 'replace', path: '/name', value: 'x' }] }), status: 400, code: 'INVALID_INPUT', says: 'path.uuid', family: 'sysinv' },
  { name: 'SQL in a sort key', request: () => ({ method: 'GET', url: `/sysinv/v1/isystems?sort_key=${encodeURIComponent('name; drop table systems')}` }), status: 400, code: 'INVALID_INPUT', says: 'query.sort_key', family: 'sysinv' },
  { name: 'SQL in a patch path', request: (i) => ({ method: 'PATCH', url: `/sysinv/v1/isystems/${i.system}`, body: [{ op: 'replace', path: "/name' OR 1=1 --", value: 'x' }] }), status: 400, code: 'INVALID_INPUT', says: 'not a top-level field', family: 'sysinv' },
  { name: 'SQL in a duplicate name', request: () => ({ method: 'POST', url: '/identity/v3/users', body: { user: { name: 'admin' } } }), status: 409, code: 'CONFLICT', says: 'Duplicate entry', family: 'keystone' },
  { name: 'SQL in a filter value', request: () => ({ method: 'GET', url: `/audit/v1/entries?limit=${encodeURIComponent('1; delete from audit_log')}` }), status: 400, code: 'INVALID_INPUT', says: 'query.limit', family: 'native' },
  { name: 'SQL as a login name', request: () => ({ method: 'POST', url: '/identity/v3/auth/tokens', body: { auth: { identity: { methods: ['password'], password: { user: { name: "admin' --", password: 'x' } } } } } }), status: 401, code: 'UNAUTHENTICATED', says: 'requires authentication', family: 'keystone' },
  // Headers and query parameters.
  { name: 'validation without X-Subject-Token', request: () => ({ method: 'GET', url: '/identity/v3/auth/tokens' }), status: 400, code: 'INVALID_INPUT', says: "missing the required field 'x-subject-token'", family: 'keystone' },
  { name: 'revocation without X-Subject-Token', request: () => ({ method: 'DELETE', url: '/identity/v3/auth/tokens' }), status: 400, code: 'INVALID_INPUT', says: "missing the required field 'x-subject-token'", family: 'keystone' },
  { name: 'malformed id filter', request: () => ({ method: 'GET', url: '/identity/v3/role_assignments?user.id=admin' }), status: 400, code: 'INVALID_INPUT', says: 'query.user.id', family: 'keystone' },
  { name: 'non-numeric limit', request: () => ({ method: 'GET', url: '/sysinv/v1/isystems?limit=lots' }), status: 400, code: 'INVALID_INPUT', says: 'query.limit', family: 'sysinv' },
  { name: 'unknown paging marker', request: () => ({ method: 'GET', url: '/sysinv/v1/isystems?marker=nope' }), status: 400, code: 'INVALID_INPUT', says: 'marker nope', family: 'sysinv' },
  { name: 'unknown sort key', request: () => ({ method: 'GET', url: '/sysinv/v1/isystems?sort_key=password' }), status: 400, code: 'INVALID_INPUT', says: 'not sortable', family: 'sysinv' },
];

function messageOf(res: InjectResult, family: Family): string {
  const body = res.json();
  switch (family) {
    case 'keystone':
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe(res.status);
      return body.error.message;
    case 'sysinv': {
      expect(Object.keys(body)).toEqual(['error_message']);
      const fault = JSON.parse(body.error_message);
      expect(fault.faultcode).toBe('Client');
      return fault.faultstring;
    }
    case 'native':
      expect(body.code).toBe(res.headers['x-error-code']);
      expect(body.requestId).toBe(res.headers['x-openstack-request-id']);
      return body.message;
  }
}

describe.each(testDialects())('bad input on %s', (dialect) => {
  let admin: string;
  let ids: Ids;

  /** Everything a bad request could have damaged, as the API shows it. */
  async function state(): Promise<unknown> {
    const get = async (url: string) => (await t.request({ method: 'GET', url, token: admin })).json();
    return {
      systems: await get('/sysinv/v1/isystems'),
      users: await get('/identity/v3/users'),
      projects: await get('/identity/v3/projects'),
      roles: await get('/identity/v3/roles'),
      assignments: await get('/identity/v3/role_assignments'),
      tables: await tableNames(t.db.location),
    };
  }

  const t = useTestController(dialect);
  beforeAll(async () => {
    admin = await t.adminToken();
    const victim = await createUser(t, admin, 'bystander', { role: 'member' });
    const system = (await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin })).json().isystems[0].uuid;
    ids = { system, user: victim.id, admin };
  });

  it.each(CASES.map((c) => [c.name, c] as const))('answers %s with a clear 4xx and changes nothing', async (_name, c) => {
    const before = await state();
    const request = c.request(ids);
    const res = await t.request({ token: admin, ...request });
    expect(res.status, res.body.slice(0, 300)).toBe(c.status);
    expect(res.headers['x-error-code']).toBe(c.code);
    expect(String(res.headers['content-type'])).toContain('application/json');
    const message = messageOf(res, c.family);
    if (typeof c.says === 'string') expect(message).toContain(c.says);
    else expect(message).toMatch(c.says);
    expect(await state()).toEqual(before);
  });

  it('answers a flood of mixed bad requests without a single 5xx', async () => {
    const results = await Promise.all(
      CASES.filter((c) => c.status !== 413).map((c) => t.request({ token: admin, ...c.request(ids) })),
    );
    expect(results.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    expect(results.every((r) => r.status >= 400 && r.status < 500)).toBe(true);
  });

  it('treats SQL in a filter as a plain value', async () => {
    const res = await t.request({ method: 'GET', url: `/identity/v3/users?name=${encodeURIComponent("' OR '1'='1")}`, token: admin });
    expect(res.status).toBe(200);
    expect(res.json().users).toEqual([]);
    const audit = await t.request({ method: 'GET', url: `/audit/v1/entries?user=${encodeURIComponent("admin' OR 1=1 --")}`, token: admin });
    expect(audit.status).toBe(200);
    expect(audit.json().entries).toEqual([]);
  });

  it('stores SQL-looking text verbatim and keeps every table', async () => {
    const tables = await tableNames(t.db.location);
    const res = await t.request({ method: 'PATCH', url: `/sysinv/v1/isystems/${ids.system}`, token: admin, body: [{ op: 'replace', path: '/description', value: SQL }] });
    expect(res.status).toBe(200);
    expect(res.json().description).toBe(SQL);
    expect((await t.request({ method: 'GET', url: `/sysinv/v1/isystems/${ids.system}`, token: admin })).json().description).toBe(SQL);

    const created = await t.request({ method: 'POST', url: '/identity/v3/projects', token: admin, body: { project: { name: SQL, description: "Robert'); DROP TABLE projects;--" } } });
    expect(created.status).toBe(201);
    const found = await t.request({ method: 'GET', url: `/identity/v3/projects?name=${encodeURIComponent(SQL)}`, token: admin });
    expect(found.json().projects.map((p: { name: string; description: string }) => [p.name, p.description])).toEqual([[SQL, "Robert'); DROP TABLE projects;--"]]);

    expect(await tableNames(t.db.location)).toEqual(tables);
    expect((await t.request({ method: 'GET', url: '/identity/v3/users', token: admin })).json().users.length).toBeGreaterThan(1);
  });

  it('ignores a request id that could forge log lines, and makes up its own', async () => {
    const res = await t.request({ method: 'GET', url: '/health', headers: { 'x-openstack-request-id': 'x\n{"level":60,"msg":"forged"}' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
  });
});
