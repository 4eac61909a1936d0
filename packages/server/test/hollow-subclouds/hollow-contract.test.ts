import { DcAgentApi } from '@murmuration/client';
import { PRESTAGE_MIN_CHUNK_BYTES } from '@murmuration/core/contract/dc-prestage';
import { newSigningKeyPair } from '@murmuration/release';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcAgentContract } from '../../../../test-support/dc-agent-contract.js';
import { dcPrestageContract, prestageBundle } from '../../../../test-support/dc-prestage-contract.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { auditHollow, rawRequest } from './hollow-client.js';

const key = newSigningKeyPair();
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The checks a real subcloud passes (test/dc-agent/dc-agent-contract.test.ts), run against hollow ones. */
describe('the dcagent contract against a hollow subcloud', () => {
  let hollow: RunningHollowSubclouds;
  beforeAll(async () => {
    hollow = await serveHollowSubclouds({
      count: 20, seed: 'hollow-contract-test', firstAddress: '127.5.0.1', releasePublicKey: key.publicKeyPem,
    });
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

  type PrestageStats = { prestageChunks: number[]; prestagesCompleted: number[]; prestageChunksInFlightMax: number };
  const stats = async () => (await rawRequest(`${hollow.controlUrl}/stats`)).json() as PrestageStats;

  it('takes a prestaged bundle in chunks, resumes, and refuses as the contract says, and counts the chunks', async () => {
    const url = hollow.fleet.urlOf(10);
    const { token } = await dcAgentContract({ baseUrl: url, joinToken: joinToken(10) });
    await dcPrestageContract({ baseUrl: url, token, signingKeyPem: key.privateKeyPem });
    const release = hollow.fleet.subclouds[10]!.releases.find((r) => r.metadata.id === 'prestage-good-1.0.1');
    expect(release?.state).toBe('available');
    const counted = await stats();
    // The good bundle's 6 chunks, the forged one's 3, and 2 of the restarted one (1 before its restart, 1 after).
    expect(counted.prestageChunks[10]).toBe(6 + 3 + 2);
    expect(counted.prestagesCompleted[10]).toBe(1);
    expect(counted.prestageChunksInFlightMax).toBeGreaterThanOrEqual(1);
  });

  it('resumes a transfer cut by the subcloud going down where it stopped, once it is back', async () => {
    const index = 11;
    const url = hollow.fleet.urlOf(index);
    const { token } = await dcAgentContract({ baseUrl: url, joinToken: joinToken(index) });
    const api = new DcAgentApi(url);
    const bundle = prestageBundle('resumed-2.0.1', key.privateKeyPem, 4 * PRESTAGE_MIN_CHUNK_BYTES);
    const offer = { size: bundle.length, sha256: sha256(bundle), chunk_bytes: PRESTAGE_MIN_CHUNK_BYTES };
    const chunk = (i: number) => bundle.subarray(i * offer.chunk_bytes, (i + 1) * offer.chunk_bytes);
    const send = (i: number) => api.sendPrestageChunk('resumed-2.0.1', i, chunk(i), sha256(chunk(i)), { token });
    await api.offerPrestage('resumed-2.0.1', offer, { token });
    await send(0);
    await send(1);
    await rawRequest(`${hollow.controlUrl}/kill`, { method: 'POST', body: { indices: [index] } });
    await expect(send(2), 'a chunk sent to a subcloud that is down').rejects.toThrow();
    await rawRequest(`${hollow.controlUrl}/revive`, { method: 'POST', body: { indices: [index] } });
    const resumed = await api.offerPrestage('resumed-2.0.1', offer, { token });
    expect(resumed).toMatchObject({ state: 'receiving', next_chunk: 2, received_bytes: 2 * offer.chunk_bytes });
    let last = resumed;
    for (let i = resumed.next_chunk; i * offer.chunk_bytes < offer.size; i++) last = await send(i);
    expect(last.state).toBe('complete');
    expect(hollow.fleet.subclouds[index]!.prestages?.get('resumed-2.0.1')?.chunks, 'no bytes held once complete').toEqual([]);
  });
});
