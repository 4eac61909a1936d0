import { SubcloudAuditReport, type DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHollowManifest, type HollowManifestLine } from '../../src/hollow-subclouds/hollow-manifest.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { auditHollow, inParallel, joinBody, joinHollow, loginHollow, rawRequest } from './hollow-client.js';

const COUNT = 1000;

describe('hollow subclouds: 1,000 on one port, each on its own address', () => {
  let hollow: RunningHollowSubclouds;
  let dir: string;
  let manifest: HollowManifestLine[];
  const joined: DcJoinAnswer[] = [];
  const tokens: string[] = [];
  const etags: string[] = [];

  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: COUNT, seed: 'hollow-subclouds-test' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'hollow-'));
    await writeHollowManifest(hollow.fleet, path.join(dir, 'manifest.jsonl'));
    manifest = readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HollowManifestLine);
  });
  afterAll(async () => {
    await hollow.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one manifest line per subcloud, each with its own address, join token and region', () => {
    expect(manifest).toHaveLength(COUNT);
    expect(manifest[0]).toEqual({
      index: 0,
      name: 'hollow-000000',
      url: `http://127.1.0.1:${hollow.port}`,
      join_token: expect.stringMatching(/^mjt-/),
      region_name: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(manifest[999]!.url).toBe(`http://127.1.3.232:${hollow.port}`);
    for (const key of ['url', 'join_token', 'region_name', 'name'] as const) {
      expect(new Set(manifest.map((line) => line[key])).size).toBe(COUNT);
    }
    expect(manifest.map((line) => line.index)).toEqual([...Array(COUNT).keys()]);
  });

  it('joins each subcloud once with its join token; the answer names that subcloud and its account', async () => {
    joined.push(...(await inParallel(manifest, 32, (line) => joinHollow(line.url, line.join_token, `sc-${line.index}`))));
    joined.forEach((answer, i) => {
      expect(answer.region_name).toBe(manifest[i]!.region_name);
      expect(answer.auth_url).toBe(`${manifest[i]!.url}/identity/v3`);
      expect(answer.software_version).toBe('0.1.0');
      expect(answer.account).toMatchObject({ username: 'dcmanager-RegionOne', project_name: 'admin', user_domain_name: 'Default' });
    });
    expect(new Set(joined.map((a) => a.account.password)).size).toBe(COUNT);
    expect(new Set(joined.map((a) => a.system_uuid)).size).toBe(COUNT);
  });

  it('refuses a second join with the same token (401, native error body)', async () => {
    const again = await rawRequest(`${manifest[7]!.url}/dcagent/v1/join`, { method: 'POST', body: joinBody(manifest[7]!.join_token) });
    expect(again.status).toBe(401);
    expect(again.headers['x-error-code']).toBe('UNAUTHENTICATED');
    expect(again.json()).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'The join token was already used; create a new one on this controller.',
      requestId: again.headers['x-openstack-request-id'],
      details: { rule: 'join_token_used' },
    });
  });

  it("refuses another subcloud's join token", async () => {
    const hollowOnly = await serveHollowSubclouds({ count: 2, seed: 'other', firstAddress: '127.9.0.1' });
    try {
      const line = (i: number) => hollowOnly.fleet.urlOf(i);
      const wrong = await rawRequest(`${line(1)}/dcagent/v1/join`, { method: 'POST', body: joinBody(hollowOnly.fleet.subclouds[0]!.joinToken) });
      expect(wrong.status).toBe(401);
      expect(wrong.json()).toMatchObject({ message: 'The join token is not valid.', details: { rule: 'join_token_invalid' } });
      const none = await rawRequest(`${line(1)}/dcagent/v1/join`, { method: 'POST', body: joinBody(undefined) });
      expect(none.status).toBe(401);
      expect(hollowOnly.fleet.joinedCount()).toBe(0);
    } finally {
      await hollowOnly.close();
    }
  });

  it('logs in with the account and answers the audit 200 with an ETag, then 304 with If-None-Match', async () => {
    tokens.push(...(await inParallel(manifest, 32, (line) => loginHollow(line.url, joined[line.index]!.account))));
    const first = await inParallel(manifest, 32, (line) => auditHollow(line.url, tokens[line.index]!));
    first.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      const etag = String(answer.headers.etag);
      expect(etag).toBe(`"${createHash('sha256').update(answer.text).digest('hex')}"`);
      const report = answer.json() as SubcloudAuditReport;
      expect(Value.Check(SubcloudAuditReport, report)).toBe(true);
      expect(report.region_name).toBe(manifest[i]!.region_name);
      expect(report.system_uuid).toBe(joined[i]!.system_uuid);
      etags.push(etag);
    });
    const second = await inParallel(manifest, 32, (line, i) => auditHollow(line.url, tokens[i]!, etags[i]));
    for (const answer of second) {
      expect(answer.status).toBe(304);
      expect(answer.text).toBe('');
    }
    expect(second.map((a) => a.headers.etag)).toEqual(etags);
  });

  it('counts every audit of every subcloud: each was audited exactly twice', async () => {
    const stats = (await rawRequest(`${hollow.controlUrl}/stats`)).json() as {
      audits: number[]; logins: number[]; joined: number; requests: Record<string, Record<string, number>>;
    };
    expect(stats.audits).toEqual(Array(COUNT).fill(2));
    expect(stats.logins).toEqual(Array(COUNT).fill(1));
    expect(stats.joined).toBe(COUNT);
    expect(stats.requests['GET /dcagent/v1/audit']).toEqual({ 200: COUNT, 304: COUNT });
    expect(stats.requests['POST /dcagent/v1/join']).toMatchObject({ 200: COUNT });
  });

  it("refuses one subcloud's token on another subcloud", async () => {
    const crossed = await auditHollow(manifest[1]!.url, tokens[0]!);
    expect(crossed.status).toBe(401);
    expect(crossed.headers['www-authenticate']).toBe('Keystone uri="/identity/v3"');
  });
});
