import { AUDIT_REPORT_MAX_BYTES } from '@murmuration/core/contract/dc-agent';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { auditHollow, inParallel, joinHollow, loginHollow, rawRequest } from './hollow-client.js';

const COUNT = 200;

describe('hollow subclouds: the control API changes them, takes them down and breaks their audit', () => {
  let hollow: RunningHollowSubclouds;
  const urls: string[] = [];
  const tokens: string[] = [];
  const etags: string[] = [];
  const control = async (route: string, body?: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, body === undefined ? {} : { method: 'POST', body });
    if (answer.status >= 300) throw new Error(`${route}: ${answer.status} ${answer.text}`);
    return answer.text === '' ? null : answer.json();
  };
  const fleetAddress = (i: number) => hollow.fleet.range.addressOf(i);
  const auditAll = () => inParallel(urls, 32, (url, i) => auditHollow(url, tokens[i]!, etags[i]));
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 1000; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: COUNT, seed: 'hollow-control-test', firstAddress: '127.2.0.1' });
    const { fleet } = hollow;
    for (let i = 0; i < COUNT; i++) urls.push(fleet.urlOf(i));
    const accounts = await inParallel(urls, 32, (url, i) => joinHollow(url, fleet.subclouds[i]!.joinToken));
    tokens.push(...(await inParallel(urls, 32, (url, i) => loginHollow(url, accounts[i]!.account))));
    for (const answer of await inParallel(urls, 32, (url, i) => auditHollow(url, tokens[i]!))) {
      etags.push(String(answer.headers.etag));
    }
  });
  afterAll(() => hollow.close());

  it('change: exactly the changed subclouds answer 200 with a new ETag, the others 304', async () => {
    const { changed } = (await control('change', { count: 17 })) as { changed: number[] };
    expect(new Set(changed).size).toBe(17);
    const answers = await auditAll();
    const fresh = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
    expect(fresh.sort((a, b) => a - b)).toEqual([...changed].sort((a, b) => a - b));
    expect(answers.filter((a) => a.status === 304)).toHaveLength(COUNT - 17);
    for (const i of changed) {
      expect(answers[i]!.headers.etag).not.toBe(etags[i]);
      etags[i] = String(answers[i]!.headers.etag);
    }
    expect((await auditAll()).every((a) => a.status === 304)).toBe(true);
  });

  it('kill: a killed subcloud resets every connection to its address, open ones too; revive brings it back', async () => {
    // A connection opened before the kill, with nothing sent on it yet.
    const before = connect(hollow.port, fleetAddress(3));
    await once(before, 'connect');
    const reset = new Promise<unknown>((resolve) => before.once('error', resolve));
    await control('kill', { indices: [3, 4] });
    expect(await reset).toMatchObject({ code: 'ECONNRESET' });
    await expect(auditHollow(urls[3]!, tokens[3]!)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(auditHollow(urls[4]!, tokens[4]!)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await auditHollow(urls[5]!, tokens[5]!, etags[5])).status).toBe(304);
    const stats = (await control('stats')) as { refusedConnections: number };
    expect(stats.refusedConnections).toBeGreaterThanOrEqual(2);
    await control('revive', { indices: [3, 4] });
    expect((await auditHollow(urls[3]!, tokens[3]!, etags[3])).status).toBe(304);
  });

  it('hang: a hanging subcloud accepts and never answers; revive resets what it held', async () => {
    await control('kill', { indices: [9], mode: 'hang' });
    let settled = false;
    const outcome = auditHollow(urls[9]!, tokens[9]!).then(
      (answer) => answer,
      (error: unknown) => error,
    ).finally(() => (settled = true));
    await until('the hanging request to be held', async () => ((await control('stats')) as { hanging: number }).hanging === 1);
    expect(settled).toBe(false);
    await control('revive', { indices: [9] });
    expect(await outcome).toMatchObject({ code: 'ECONNRESET' });
    expect(((await control('stats')) as { hanging: number }).hanging).toBe(0);
    expect((await auditHollow(urls[9]!, tokens[9]!, etags[9])).status).toBe(304);
  });

  it('garbage: the audit is answered with a body that is not JSON, or one far over the size a controller reads', async () => {
    await control('garbage', { indices: [11] });
    await control('garbage', { indices: [12], kind: 'huge' });
    const invalid = await auditHollow(urls[11]!, tokens[11]!, etags[11]);
    expect(invalid.status).toBe(200);
    expect(() => invalid.json()).toThrow(SyntaxError);
    const huge = await auditHollow(urls[12]!, tokens[12]!, etags[12]);
    expect(huge.status).toBe(200);
    expect(huge.text.length).toBeGreaterThan(AUDIT_REPORT_MAX_BYTES);
    // A system controller stops reading a huge answer at its limit and drops the connection: the fleet goes on.
    const dropped = new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${urls[12]}/dcagent/v1/audit`, { agent: false, headers: { 'x-auth-token': tokens[12]! } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.once('error', reject);
      req.end();
    });
    await dropped;
    expect((await auditHollow(urls[13]!, tokens[13]!, etags[13])).status).toBe(304);
    await control('revive', { indices: [11, 12] });
    expect((await auditHollow(urls[11]!, tokens[11]!, etags[11])).status).toBe(304);
  });

  it('tokens: a token of each joined account and its current ETag, for a bare client', async () => {
    const { tokens: issued, etags: current } = (await control('tokens', { indices: [0, 1] })) as { tokens: string[]; etags: string[] };
    expect(current).toEqual([etags[0], etags[1]]);
    expect((await auditHollow(urls[1]!, issued[1]!, current[1])).status).toBe(304);
  });

  it('stats/reset: counts start again from zero', async () => {
    await control('stats/reset', {});
    await auditHollow(urls[0]!, tokens[0]!, etags[0]);
    const stats = (await control('stats')) as { audits: number[]; requests: Record<string, Record<string, number>> };
    expect(stats.audits.reduce((a, b) => a + b, 0)).toBe(1);
    expect(stats.requests['GET /dcagent/v1/audit']).toEqual({ 304: 1 });
  });

  it('refuses an index outside the fleet, naming it', async () => {
    const answer = await rawRequest(`${hollow.controlUrl}/kill`, { method: 'POST', body: { indices: [1, COUNT] } });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'body.indices.1' } });
  });

  it('serves the control API on the control address only, never on a subcloud\'s', async () => {
    const onSubcloud = await rawRequest(`${urls[0]}/hollow/v1/stats`);
    expect(onSubcloud.status).toBe(404);
    expect(onSubcloud.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it("answers nothing on the machine's other addresses: the control API is not on the network", async () => {
    const external = Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal)?.address;
    if (external === undefined) return;
    await expect(rawRequest(`http://${external}:${hollow.port}/hollow/v1/stats`)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
