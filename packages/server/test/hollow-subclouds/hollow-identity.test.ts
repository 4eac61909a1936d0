import { TokenBody } from '@murmuration/core/contract/identity';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { joinBody, joinHollow, loginBody, rawRequest } from './hollow-client.js';

/** The account a join by the system controller of region RegionOne makes. */
const ACCOUNT = 'dcmanager-RegionOne';

describe('hollow subclouds: login, and refusals in the formats of the real controller', () => {
  let hollow: RunningHollowSubclouds;
  let url: string;
  let password: string;
  const login = (body: unknown, query = '') => rawRequest(`${url}/identity/v3/auth/tokens${query}`, { method: 'POST', body });

  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: 3, seed: 'hollow-identity-test', firstAddress: '127.3.0.1' });
    url = hollow.fleet.urlOf(0);
  });
  afterAll(() => hollow.close());

  it('refuses a login before the subcloud has joined (401, Keystone error body)', async () => {
    const answer = await login(loginBody(ACCOUNT, 'anything'));
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({
      error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
    });
  });

  it('logs the account in: X-Subject-Token, a Keystone token body, a catalog that points at the subcloud itself (identity, VIM, USM)', async () => {
    password = (await joinHollow(url, hollow.fleet.subclouds[0]!.joinToken)).account.password;
    const answer = await login(loginBody(ACCOUNT, password));
    expect(answer.status).toBe(201);
    expect(answer.headers['x-subject-token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = answer.json() as TokenBody;
    expect(Value.Check(TokenBody, body)).toBe(true);
    expect(Date.parse(body.token.expires_at) - Date.parse(body.token.issued_at)).toBe(3600_000);
    expect(body.token.project).toMatchObject({ name: 'admin' });
    expect(body.token.roles).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'admin' }]);
    const region = hollow.fleet.subclouds[0]!.regionName;
    // Its identity, its VIM and its USM: what the system controller's clients look up.
    const entry = (type: string, name: string, path: string) => ({
      id: expect.any(String),
      type,
      name,
      endpoints: ['public', 'internal', 'admin'].map((iface) => ({
        id: expect.any(String), interface: iface, region, region_id: region, url: `${url}${path}`,
      })),
    });
    expect(body.token.catalog).toEqual([
      entry('nfv', 'vim', '/nfv'),
      entry('usm', 'usm', '/usm/'),
      entry('identity', 'keystone', '/identity/v3'),
    ]);
    const bare = (await login(loginBody(ACCOUNT, password), '?nocatalog')).json() as TokenBody;
    expect(bare.token.catalog).toBeUndefined();
  });

  it('refuses a wrong password, another user, another project and the token method alike', async () => {
    const refused = [
      loginBody(ACCOUNT, `${password}x`),
      loginBody('admin', password),
      { auth: { ...loginBody(ACCOUNT, password).auth, scope: { project: { name: 'services' } } } },
      { auth: { identity: { methods: ['token'], token: { id: 'abc' } } } },
    ];
    for (const body of refused) expect((await login(body)).status).toBe(401);
  });

  it("joins again without a join token with its account's token (its one admin), and refuses that without one", async () => {
    const token = String((await login(loginBody(ACCOUNT, password))).headers['x-subject-token']);
    const join = (headers: Record<string, string>) => rawRequest(`${url}/dcagent/v1/join`, { method: 'POST', headers, body: joinBody(undefined) });
    const refused = await join({});
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ message: 'A join needs a join_token, or an admin X-Auth-Token of this controller.' });
    const again = await join({ 'x-auth-token': token });
    expect(again.status).toBe(200);
    password = (again.json() as { account: { password: string } }).account.password;
    expect((await login(loginBody(ACCOUNT, password))).status).toBe(201);
  });

  it('answers malformed and invalid bodies 400 with the field, in the family format of the path', async () => {
    const malformed = await rawRequest(`${url}/dcagent/v1/join`, { method: 'POST', body: '{"join_token": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_BODY' });
    const invalid = await rawRequest(`${url}/dcagent/v1/join`, { method: 'POST', body: { ...joinBody('x'), extra: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'INVALID_INPUT', message: "Invalid input: body has an unknown field 'extra'" });
    const keystone = await login({ auth: {} });
    expect(keystone.status).toBe(400);
    expect(keystone.json()).toMatchObject({ error: { code: 400, title: 'Bad Request' } });
  });

  it('answers an unknown route 404 ROUTE_NOT_FOUND, and an audit without a token 401', async () => {
    const unknown = await rawRequest(`${url}/dcagent/v1/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: 'No route for GET /dcagent/v1/nothing.' });
    const anonymous = await rawRequest(`${url}/dcagent/v1/audit`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
