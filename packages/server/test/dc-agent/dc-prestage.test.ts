import { PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_MIN_CHUNK_BYTES, type DcPrestageStatus } from '@murmuration/core/contract/dc-prestage';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { prestageBundle } from '../../../../test-support/dc-prestage-contract.js';
import { auditEntries, createUser } from '../support/api-helpers.js';
import { joinAsSubcloud } from '../support/joined-subcloud.js';
import { useTestController } from '../support/use-test-controller.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const CHUNK = PRESTAGE_MIN_CHUNK_BYTES;

/** A bundle, its offer in chunks of 64 KiB, and its chunks. */
function chunkedBundle(id: string, key: string, payloadBytes: number) {
  const bundle = Buffer.from(prestageBundle(id, key, payloadBytes));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bundle.length; at += CHUNK) chunks.push(bundle.subarray(at, at + CHUNK));
  return { bundle, chunks, offer: { size: bundle.length, sha256: sha256(bundle), chunk_bytes: CHUNK } };
}

/** The subcloud side of prestaging on a real controller: the staging files, a restart, concurrency, the audit. */
describe.each(testDialects())('prestaging to a real controller on %s', (dialect) => {
  const t = useTestController(dialect);
  let admin: string;
  /** The system controller's token on this controller (its service account). */
  let sc: string;
  let key: string;
  beforeAll(async () => {
    admin = await t.adminToken();
    ({ token: sc } = await joinAsSubcloud(t, admin));
    key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
  });
  const staged = (id: string, suffix: '.part' | '.json') => path.join(t.db.dir, 'prestage', `${id}${suffix}`);
  const offer = (id: string, body: unknown, token = sc) => t.request({ method: 'PUT', url: `/dcagent/v1/prestage/${id}`, token, body });
  const chunk = (id: string, index: number, bytes: Buffer, headers: Record<string, string> = {}) =>
    t.request({
      method: 'PUT', url: `/dcagent/v1/prestage/${id}/chunks/${index}`, token: sc, rawBody: bytes,
      headers: { 'content-type': 'application/octet-stream', [PRESTAGE_CHUNK_SHA256_HEADER]: sha256(bytes), ...headers },
    });
  const status = async (id: string): Promise<DcPrestageStatus> => {
    const res = await t.request({ method: 'GET', url: `/dcagent/v1/prestage/${id}`, token: sc });
    expect(res.status, res.body).toBe(200);
    return res.json<DcPrestageStatus>();
  };
  const sendFrom = async (id: string, chunks: Buffer[], from: number): Promise<DcPrestageStatus> => {
    let last = await status(id);
    for (let i = from; i < chunks.length; i++) {
      const res = await chunk(id, i, chunks[i]!);
      expect(res.status, `chunk ${i}: ${res.body}`).toBe(200);
      last = res.json<DcPrestageStatus>();
    }
    return last;
  };
  const releaseState = async (id: string): Promise<string | undefined> => {
    const res = await t.request({ method: 'GET', url: '/usm/v1/release', token: admin });
    return res.json<Array<{ release_id: string; state: string }>>().find((r) => r.release_id === id)?.state;
  };

  it('takes a bundle of a few MiB chunk by chunk, each on disk when acknowledged, and keeps it as an audited release', async () => {
    const id = 'big-1.1.0';
    const { chunks, offer: body } = chunkedBundle(id, key, 3 * 1024 * 1024);
    expect(chunks.length).toBeGreaterThan(40);
    expect((await offer(id, body)).status).toBe(200);
    for (let i = 0; i < chunks.length - 1; i++) {
      const res = await chunk(id, i, chunks[i]!);
      expect(res.status, res.body).toBe(200);
      expect(statSync(staged(id, '.part')).size, 'the acknowledged bytes are in the file').toBe(res.json<DcPrestageStatus>().received_bytes);
    }
    const last = await chunk(id, chunks.length - 1, chunks.at(-1)!);
    expect(last.json<DcPrestageStatus>()).toMatchObject({ state: 'complete', next_chunk: chunks.length, received_bytes: body.size });
    expect(existsSync(staged(id, '.part')), 'the bytes moved to the release').toBe(false);
    expect(sha256(readFileSync(path.join(t.db.dir, 'releases', `${id}.tar.gz`)))).toBe(body.sha256);
    expect(await releaseState(id)).toBe('available');
    const entries = (await auditEntries(t, admin, 'limit=10000')).filter((e) => e.target === `release:${id}`);
    expect(entries.map((e) => [e.detail?.split(' ')[0], e.user_name])).toEqual([['prestaged', 'dcmanager-SystemController']]);
  });

  it('resumes after a restart at its last whole chunk: a chunk cut in its write, or the checks never run, are taken again', async () => {
    const cut = chunkedBundle('cut-1.2.0', key, 6 * CHUNK);
    expect((await offer('cut-1.2.0', cut.offer)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await chunk('cut-1.2.0', i, cut.chunks[i]!)).status).toBe(200);
    // Killed while it wrote chunk 3: half of it is in the file.
    appendFileSync(staged('cut-1.2.0', '.part'), cut.chunks[3]!.subarray(0, CHUNK / 2));
    // Killed after the last chunk was written, before the bundle was checked and kept.
    const whole = chunkedBundle('whole-1.2.1', key, 2 * CHUNK);
    expect((await offer('whole-1.2.1', whole.offer)).status).toBe(200);
    writeFileSync(staged('whole-1.2.1', '.part'), whole.bundle);
    await t.restart();

    expect(await status('cut-1.2.0')).toMatchObject({ state: 'receiving', next_chunk: 3, received_bytes: 3 * CHUNK });
    expect(statSync(staged('cut-1.2.0', '.part')).size).toBe(3 * CHUNK);
    expect((await chunk('cut-1.2.0', 4, cut.chunks[4]!)).status, 'the chunk after the cut one').toBe(409);
    expect(await sendFrom('cut-1.2.0', cut.chunks, 3)).toMatchObject({ state: 'complete' });
    expect(await status('whole-1.2.1')).toMatchObject({ state: 'receiving', next_chunk: whole.chunks.length - 1 });
    expect(await sendFrom('whole-1.2.1', whole.chunks, whole.chunks.length - 1)).toMatchObject({ state: 'complete' });
    expect([await releaseState('cut-1.2.0'), await releaseState('whole-1.2.1')]).toEqual(['available', 'available']);

    // A failure is remembered across a restart too.
    const forged = chunkedBundle('forged-1.2.2', key, CHUNK);
    const wrong = { ...forged.offer, sha256: sha256(Buffer.from('other bytes')) };
    expect((await offer('forged-1.2.2', wrong)).status).toBe(200);
    expect((await chunk('forged-1.2.2', 0, forged.chunks[0]!)).status).toBe(200);
    const refused = await chunk('forged-1.2.2', 1, forged.chunks[1]!);
    expect(refused.status).toBe(422);
    expect(refused.json().message).toMatch(/SHA-256/);
    await t.restart();
    expect(await status('forged-1.2.2')).toMatchObject({ state: 'failed', received_bytes: 0, next_chunk: 0, reason: expect.stringMatching(/SHA-256/) });
    expect(existsSync(staged('forged-1.2.2', '.part'))).toBe(false);
    const failures = (await auditEntries(t, admin, 'limit=10000')).filter((e) => e.target === 'prestage:forged-1.2.2');
    expect(failures.map((e) => e.outcome)).toEqual([422]);
  });

  it('keeps one of two copies of a chunk sent at once, and the file stays the bundle', async () => {
    const id = 'twice-1.3.0';
    const { chunks, offer: body } = chunkedBundle(id, key, 3 * CHUNK);
    expect((await offer(id, body)).status).toBe(200);
    const both = await Promise.all([chunk(id, 0, chunks[0]!), chunk(id, 0, chunks[0]!), offer(id, body)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    expect(await sendFrom(id, chunks, 1)).toMatchObject({ state: 'complete' });
    expect(await releaseState(id)).toBe('available');
  });

  it('refuses what it may not take, keeping nothing', async () => {
    const id = 'refused-1.4.0';
    const { chunks, offer: body } = chunkedBundle(id, key, CHUNK);
    const huge = await offer(id, { ...body, size: 600 * 1024 * 1024 });
    expect(huge.status, 'larger than the bundle limit').toBe(413);
    expect(existsSync(staged(id, '.json'))).toBe(false);
    const member = await createUser(t, admin, 'prestage-member');
    expect((await offer(id, body, await t.login(member.name, member.password))).status, 'not an admin').toBe(403);
    expect((await offer(id, body)).status).toBe(200);
    const asJson = await t.request({
      method: 'PUT', url: `/dcagent/v1/prestage/${id}/chunks/0`, token: sc, body: { bytes: 'x' },
      headers: { [PRESTAGE_CHUNK_SHA256_HEADER]: sha256(chunks[0]!) },
    });
    expect(asJson.status, 'a chunk that is not bytes').toBe(415);
    const noHash = await t.request({
      method: 'PUT', url: `/dcagent/v1/prestage/${id}/chunks/0`, token: sc, rawBody: chunks[0]!, headers: { 'content-type': 'application/octet-stream' },
    });
    expect(noHash.status, 'a chunk without its hash').toBe(400);
    expect((await chunk(id, 0, chunks[0]!, { [PRESTAGE_CHUNK_SHA256_HEADER]: '0'.repeat(64) })).status, 'a wrong hash').toBe(422);
    expect(statSync(staged(id, '.part'), { throwIfNoEntry: false })?.size ?? 0, 'no byte of the refused chunks').toBe(0);
    expect((await chunk(id, 0, Buffer.alloc(CHUNK + 1))).status, 'a chunk too long').toBe(400);

    const dropped = await t.request({ method: 'DELETE', url: `/dcagent/v1/prestage/${id}`, token: sc });
    expect(dropped.status).toBe(204);
    expect([existsSync(staged(id, '.json')), existsSync(staged(id, '.part'))]).toEqual([false, false]);
  });
});
