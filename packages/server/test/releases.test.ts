import { buildBundle, newSigningKeyPair, readTar, writeTar } from '@murmuration/release';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createUser } from './support/api-helpers.js';
import { useTestController } from './support/use-test-controller.js';

const release = (id: string, version: string, requires: string[] = []) => [
  { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version, summary: `${id} summary`, reboot_required: false, requires })) },
  { path: 'payload/bin/tool', data: Buffer.from(`tool ${version}`) },
];

describe.each(testDialects())('software releases (USM) on %s', (dialect) => {
  let admin: string;
  let key: string;
  const upload = (bundle: Buffer, token = admin) =>
    t.request({ method: 'POST', url: '/usm/v1/upload', token, rawBody: bundle, headers: { 'content-type': 'application/gzip', 'x-file-name': 'bundle.tar.gz' } });
  const list = async () => (await t.request({ method: 'GET', url: '/usm/v1/release', token: admin })).json() as Array<{ release_id: string; state: string }>;
  const stored = () => (existsSync(path.join(t.db.dir, 'releases')) ? readdirSync(path.join(t.db.dir, 'releases')).sort() : []);

  const t = useTestController(dialect, { config: { software: { maxBundleBytes: 64 * 1024 } } });
  beforeAll(async () => {
    admin = await t.adminToken();
    key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
  });

  it('keeps the platform signing key private to its owner and publishes its public half', async () => {
    expect(readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const { mode } = await import('node:fs').then((fs) => fs.statSync(path.join(t.db.dir, 'release-signing-key.pem')));
    expect(mode & 0o777).toBe(0o600);
    const res = await t.request({ method: 'GET', url: '/usm/v1/signing_key', token: admin });
    expect(res.json()).toMatchObject({ algorithm: 'ed25519', public_key: expect.stringContaining('BEGIN PUBLIC KEY') });
  });

  it('uploads a signed release, lists and shows it as USM does', async () => {
    const res = await upload(buildBundle(release('murmur-1.0.0', '1.0.0'), key).bundle);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({ info: 'murmur-1.0.0 is now uploaded\n', warning: '', error: '', upload_info: [{ 'bundle.tar.gz': { id: 'murmur-1.0.0', sw_release: '1.0.0' } }] });
    expect(await list()).toEqual([
      {
        release_id: 'murmur-1.0.0', state: 'available', sw_version: '1.0.0', component: null, status: 'REL', unremovable: false, summary: 'murmur-1.0.0 summary',
        description: '', install_instructions: '', warnings: '', reboot_required: false, prepatched_iso: false, requires: [], packages: [],
      },
    ]);
    const shown = await t.request({ method: 'GET', url: '/usm/v1/release/murmur-1.0.0', token: admin });
    expect(shown.json().release_id).toBe('murmur-1.0.0');
    expect(stored()).toEqual(['murmur-1.0.0.tar.gz']);
  });

  it('refuses bad bundles with the reason, storing nothing', async () => {
    const before = await list();
    const refused = async (bundle: Buffer, status: number, text: string) => {
      const res = await upload(bundle);
      expect(res.status, res.body).toBe(status);
      expect(res.json().error).toContain(text);
    };
    await refused(buildBundle(release('murmur-1.0.0', '1.0.0'), key).bundle, 409, 'release murmur-1.0.0 already exists');
    await refused(buildBundle(release('murmur-2.0.0', '2.0.0', ['murmur-1.5.0']), key).bundle, 400, 'requires murmur-1.5.0, which has not been uploaded');
    await refused(buildBundle(release('murmur-1.1.0', '1.1.0'), newSigningKeyPair().privateKeyPem).bundle, 400, 'release signature is not valid');
    const entries = readTar(gunzipSync(buildBundle(release('murmur-1.1.0', '1.1.0'), key).bundle), { maxBytes: 1e6, maxFiles: 10 });
    await refused(gzipSync(writeTar(entries.map((e) => (e.path === 'payload/bin/tool' ? { ...e, data: Buffer.from('evil') } : e)))), 400, 'checksum mismatch');
    await refused(Buffer.from('garbage'), 400, 'not a gzip-compressed tar archive');
    await refused(buildBundle([...release('murmur-1.2.0', '1.2.0'), { path: 'payload/big', data: Buffer.alloc(70 * 1024, 1) }], key).bundle, 413, 'exceed');
    const empty = await t.request({ method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: Buffer.alloc(0), headers: { 'content-type': 'application/gzip' } });
    expect(empty.status).toBe(400);
    expect(await list()).toEqual(before);
    expect(stored()).toEqual(['murmur-1.0.0.tar.gz']);
  });

  it('lets a reader list releases but not upload or delete them', async () => {
    const reader = await createUser(t, admin, 'release-reader', { role: 'reader' });
    const token = await t.login(reader.name, reader.password);
    expect((await t.request({ method: 'GET', url: '/usm/v1/release', token })).status).toBe(200);
    expect((await upload(buildBundle(release('murmur-1.3.0', '1.3.0'), key).bundle, token)).status).toBe(403);
    expect((await t.request({ method: 'DELETE', url: '/usm/v1/release/murmur-1.0.0', token })).status).toBe(403);
  });

  it('deletes a release no other release requires, with its bundle', async () => {
    expect((await upload(buildBundle(release('murmur-1.1.0', '1.1.0', ['murmur-1.0.0']), key).bundle)).status).toBe(200);
    const blocked = await t.request({ method: 'DELETE', url: '/usm/v1/release/murmur-1.0.0', token: admin });
    expect(blocked.status).toBe(409);
    expect(blocked.json().error).toContain('murmur-1.1.0 requires murmur-1.0.0');
    const deleted = await t.request({ method: 'DELETE', url: '/usm/v1/release/murmur-1.1.0', token: admin });
    expect(deleted.status, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ info: 'murmur-1.1.0 has been deleted\n', warning: '', error: '' });
    expect(stored()).toEqual(['murmur-1.0.0.tar.gz']);
    expect((await t.request({ method: 'GET', url: '/usm/v1/release/murmur-1.1.0', token: admin })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/usm/v1/release?show=deployed', token: admin })).json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/usm/v1/release?show=bogus', token: admin })).status).toBe(400);
  });
});
