import { DcAgentApi } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import { AUDIT_REPORT_MAX_BYTES, type DcJoinRequest, type PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import { canonicalJson } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/test/support/api-helpers.js';
import { startTestController, type TestController } from '../../server/test/support/test-controller.js';

const CENTRAL = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

/** A hollow peer at the edge: it answers every request with the given body, as a broken subcloud might. */
async function hollowPeer(
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('DcAgentApi against a real controller', () => {
  let t: TestController;
  let api: DcAgentApi;
  let admin: string;
  const request = (joinToken?: string): DcJoinRequest => ({
    ...(joinToken !== undefined ? { join_token: joinToken } : {}), name: 'edge-1', system_controller: CENTRAL,
  });

  beforeAll(async () => {
    t = await startTestController('sqlite');
    api = new DcAgentApi(`${await t.controller.listen()}/`);
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it('creates, lists and deletes join tokens, showing the token only when created', async () => {
    const created = await api.createJoinToken(admin, { description: 'for central', expiresInSeconds: 3600 });
    expect(created).toMatchObject({ state: 'unused', description: 'for central', token: expect.stringMatching(/^mjt-/) });
    const listed = await api.listJoinTokens(admin);
    expect(listed.find((x) => x.id === created.id)).not.toHaveProperty('token');
    await api.deleteJoinToken(admin, created.id);
    expect((await api.listJoinTokens(admin)).some((x) => x.id === created.id)).toBe(false);
    expect((await rejection(api.deleteJoinToken(admin, created.id))).code).toBe('NOT_FOUND');
    expect((await rejection(api.listJoinTokens('nonsense'))).code).toBe('UNAUTHENTICATED');
  });

  it('joins with a token and audits with the account: 200 with its ETag, then 304', async () => {
    const { token } = await api.createJoinToken(admin);
    const answer = await api.join(request(token));
    const login = await t.login(answer.account.username, answer.account.password);
    const first = await api.audit({ token: login });
    expect(first.status).toBe(200);
    if (first.status !== 200) return;
    expect(first.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.report.region_name).toBe(answer.region_name);
    expect(await api.audit({ token: login, etag: first.etag })).toEqual({ status: 304 });
    const spent = await rejection(api.join(request(token)));
    expect(spent.code).toBe('UNAUTHENTICATED');
    expect((await rejection(api.audit({ token: 'nonsense' }))).code).toBe('UNAUTHENTICATED');
  });

  it('pushes a desired state with sync: answers the digest the next audit reports, refuses a bad body or a reader', async () => {
    const { token } = await api.createJoinToken(admin);
    const answer = await api.join(request(token));
    const login = await t.login(answer.account.username, answer.account.password);
    const platform: PlatformSyncInput = {
      event_suppression: [{ alarm_id: '100.101', suppression_status: 'suppressed' }], silences: [],
      receivers: [{ name: 'noc', kind: 'webhook', url: 'http://127.0.0.1:9/noc' }],
    };
    const synced = await api.sync('platform', platform, { token: login });
    expect(synced).toEqual({ endpoint_type: 'platform', digest: createHash('sha256').update(canonicalJson(platform)).digest('hex') });
    const audited = await api.audit({ token: login });
    expect(audited.status === 200 && audited.report.sync.platform).toBe(synced.digest);

    const bad = await rejection(api.sync('platform', { ...platform, receivers: [platform.receivers[0]!, platform.receivers[0]!] }, { token: login }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('receiver noc is listed twice');
    const reader = await createUser(t, admin, 'dc-reader', { role: 'reader' });
    const forbidden = await rejection(api.sync('platform', platform, { token: await t.login(reader.name, reader.password) }));
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('joins with an admin token instead of a join token', async () => {
    const answer = await api.join(request(), { adminToken: admin });
    expect(answer.account.username).toBe('dcmanager-SystemController');
    expect((await rejection(api.join(request()))).code).toBe('UNAUTHENTICATED');
  });
});

describe('DcAgentApi refusing what a broken subcloud answers', () => {
  it('refuses an audit answer over AUDIT_REPORT_MAX_BYTES, declared or not', async () => {
    const huge = Buffer.alloc(AUDIT_REPORT_MAX_BYTES + 1, 0x20);
    const ways: Array<Record<string, string>> = [{}, { 'transfer-encoding': 'chunked' }];
    for (const headers of ways) {
      const peer = await hollowPeer(huge, headers);
      try {
        const error = await rejection(new DcAgentApi(peer.url).audit({ token: 't' }));
        expect(error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(error.message).toContain(String(AUDIT_REPORT_MAX_BYTES));
      } finally {
        await peer.close();
      }
    }
  });

  it('refuses an audit answer that is not JSON, or not an object', async () => {
    for (const body of ['<html>garbage</html>', '[1,2]', 'null']) {
      const peer = await hollowPeer(body);
      try {
        const error = await rejection(new DcAgentApi(peer.url).audit({ token: 't' }));
        expect(error.code).toBe('UNAVAILABLE');
        expect(error.message).toMatch(/not JSON|not an object/);
      } finally {
        await peer.close();
      }
    }
  });

  it('says when the subcloud cannot be reached', async () => {
    const peer = await hollowPeer('{}');
    await peer.close();
    const error = await rejection(new DcAgentApi(peer.url).audit({ token: 't' }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('cannot reach');
  });
});
