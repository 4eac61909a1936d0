import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcAgentContract } from '../../../../test-support/dc-agent-contract.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { auditHollow, rawRequest } from './hollow-client.js';

/** The checks a real subcloud passes (test/dc-agent/dc-agent-contract.test.ts), run against hollow ones. */
describe('the dcagent contract against a hollow subcloud', () => {
  let hollow: RunningHollowSubclouds;
  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: 20, seed: 'hollow-contract-test', firstAddress: '127.5.0.1' });
  });
  afterAll(() => hollow.close());

  /** A new join token of subcloud i, from the control API (a hollow subcloud has no admin to make one). */
  const joinToken = (i: number) => async () => {
    const answer = await rawRequest(`${hollow.controlUrl}/join-tokens`, { method: 'POST', body: { indices: [i] } });
    return (answer.json() as { join_tokens: string[] }).join_tokens[0]!;
  };

  it('joins, audits, answers 304 and refuses as the contract says', async () => {
    const url = hollow.fleet.urlOf(7);
    const result = await dcAgentContract({ baseUrl: url, joinToken: joinToken(7) });
    expect(result.answer.auth_url).toBe(`${url}/identity/v3`);
    expect(result.answer.region_name).toBe(hollow.fleet.subclouds[7]!.regionName);
    // Its neighbours were not touched.
    expect(hollow.fleet.subclouds.filter((s) => s.account !== null).map((s) => s.index)).toEqual([7]);
  });

  it('passes again on a subcloud joined first with the join token of its manifest line', async () => {
    const url = hollow.fleet.urlOf(8);
    const [first] = hollow.fleet.subclouds[8]!.joinTokens;
    let given = false;
    const tokens = async () => {
      if (given) return joinToken(8)();
      given = true;
      return first!;
    };
    const result = await dcAgentContract({ baseUrl: url, joinToken: tokens, name: 'subcloud-8' });
    expect((await auditHollow(url, result.token, result.etag)).status).toBe(304);
  });

  it('reports the digests a sync would have brought, and the ETag follows them', async () => {
    const { token, etag, report } = await dcAgentContract({ baseUrl: hollow.fleet.urlOf(9), joinToken: joinToken(9) });
    const central = 'ab'.repeat(32);
    await rawRequest(`${hollow.controlUrl}/sync`, { method: 'POST', body: { indices: [9], digests: { identity: central } } });
    const synced = await auditHollow(hollow.fleet.urlOf(9), token, etag);
    expect(synced.status).toBe(200);
    expect((synced.json() as typeof report).sync).toEqual({ ...report.sync, identity: central });
    await rawRequest(`${hollow.controlUrl}/sync`, { method: 'POST', body: { indices: [9], digests: { identity: null } } });
    expect((await auditHollow(hollow.fleet.urlOf(9), token, etag)).status).toBe(304);
  });
});
