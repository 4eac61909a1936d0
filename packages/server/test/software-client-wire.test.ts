import { buildBundle } from '@murmuration/release';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { issueToken, passwordAuth } from './support/api-helpers.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/**
 * The StarlingX `software` client (starlingx/update, software-client/software_client) in keystone
 * mode, request for request: the URL it builds from the catalog, its headers and bodies byte for
 * byte, and what it reads from each answer.
 */

/** `urljoin(endpoint, 'v1')` (auth/ks_client.py): RFC 3986 resolution, as WHATWG URL does it. */
const usmBase = (catalogUrl: string): string => new URL('v1', catalogUrl).pathname;

/** `check_rc` (common/utils.py): 0 only for a 200 whose body has no non-empty `error`. */
const checkRc = (res: InjectResult): number => (res.status === 200 && !(res.json().error ?? '') ? 0 : 1);

/**
 * The rows `software upload` prints (release_shell.py `_print_upload_result`): every upload_info entry but `.sig`
 * files.
 */
const uploadRows = (res: InjectResult): Array<{ file: string; release: string }> =>
  (res.json().upload_info as Array<Record<string, { id: string }>>).flatMap((d) => Object.entries(d).filter(([k]) => !k.endsWith('.sig')).map(([file, v]) => ({ file, release: v.id })));

/**
 * The bytes requests_toolbelt's MultipartEncoder writes for the client's fields
 * `{abs_path: (abs_path, file)}`: a random hex boundary, one part per file with its path as field
 * and file name and no part content type, CRLF line ends.
 */
function uploadForm(files: ReadonlyArray<{ path: string; data: Buffer }>): { contentType: string; body: Buffer } {
  const boundary = randomBytes(16).toString('hex');
  const chunks = files.flatMap((f) => [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.path}"; filename="${f.path}"\r\n\r\n`), f.data, Buffer.from('\r\n')]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

describe.each(testDialects())('the software client against USM on %s', (dialect) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-software-client-'));
  let token: string;
  let base: string;
  let key: string;
  /** Headers of every request: SessionClient's and keystoneauth's. */
  const headers = (contentType: string) => ({ 'content-type': contentType, accept: 'application/json', 'user-agent': 'software_client', 'x-region-name': 'RegionOne' });
  const bundle = (id: string) => buildBundle([{ path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1) })) }], key).bundle;
  /** `json_request` (common/http.py): JSON content type, the body JSON-encoded when there is one, nothing otherwise. */
  const jsonRequest = (method: 'GET' | 'POST', url: string, body?: string) =>
    t.request({ method, url: `${base}${url}`, token, headers: headers('application/json'), ...(body !== undefined ? { rawBody: body } : method === 'POST' ? { rawBody: '' } : {}) });
  const register = async (hostname: string) => {
    const bootstrap = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token, body: {} })).json().token;
    const res = await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: bootstrap, hostname, personality: 'worker' } });
    return { uuid: res.json().host_uuid as string, credential: res.json().credential as string };
  };
  const report = (host: { uuid: string; credential: string }, body: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: `/agent/v1/hosts/${host.uuid}/software`, token: null, headers: { 'x-host-credential': host.credential }, body });

  const t = useTestController(dialect, { config: { systemMode: 'duplex', software: { maxBundleBytes: 64 * 1024 } } });
  beforeAll(async () => {
    const issued = await issueToken(t, passwordAuth({ name: 'admin' }, t.adminPassword));
    token = String(issued.headers['x-subject-token']);
    const usm = (issued.json().token.catalog as Array<{ type: string; endpoints: Array<{ interface: string; url: string }> }>).find((c) => c.type === 'usm')!;
    base = usmBase(usm.endpoints.find((e) => e.interface === 'admin')!.url);
    key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('finds USM under /usm/v1 by joining v1 to the catalog URL', async () => {
    expect(base).toBe('/usm/v1');
    const listed = await jsonRequest('GET', '/release');
    expect(listed.status, listed.body).toBe(200);
    expect(listed.json()).toEqual([]);
  });

  it('takes `software upload` as a multipart form, one file part per release, and answers what the client prints', async () => {
    const files = [path.join(scratch, 'edge-tools-1.0.0.patch'), path.join(scratch, 'edge-agent-1.0.0.patch')];
    const form = uploadForm(files.map((p) => ({ path: p, data: bundle(path.basename(p, '.patch')) })));
    const res = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers(form.contentType), rawBody: form.body });
    expect(res.status, res.body).toBe(200);
    expect(checkRc(res)).toBe(0);
    expect(uploadRows(res)).toEqual([
      { file: 'edge-tools-1.0.0.patch', release: 'edge-tools-1.0.0' },
      { file: 'edge-agent-1.0.0.patch', release: 'edge-agent-1.0.0' },
    ]);
    expect(res.json()).toMatchObject({ info: 'edge-tools-1.0.0 is now uploaded\nedge-agent-1.0.0 is now uploaded\n', warning: '', error: '' });
    expect((await jsonRequest('GET', '/release')).json().map((r: { release_id: string }) => r.release_id).sort()).toEqual(['edge-agent-1.0.0', 'edge-tools-1.0.0']);
  });

  it('keeps the good files of a form and names each refused one in error, as USM does', async () => {
    const form = uploadForm([
      { path: path.join(scratch, 'broken.patch'), data: Buffer.from('not a bundle') },
      { path: path.join(scratch, 'edge-tools-1.1.0.patch'), data: bundle('edge-tools-1.1.0') },
      { path: path.join(scratch, 'huge.patch'), data: randomBytes(70 * 1024) },
    ]);
    const res = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers(form.contentType), rawBody: form.body });
    expect(res.status, res.body).toBe(200);
    expect(checkRc(res)).toBe(1);
    expect(uploadRows(res)).toEqual([{ file: 'edge-tools-1.1.0.patch', release: 'edge-tools-1.1.0' }]);
    expect(res.json().error).toBe(
      'broken.patch: release archive: it is not a gzip-compressed tar archive\nhuge.patch: the file is larger than the limit of 65536 bytes\n',
    );

    const refused = uploadForm([{ path: path.join(scratch, 'edge-tools-1.1.0.patch'), data: bundle('edge-tools-1.1.0') }]);
    const again = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers(refused.contentType), rawBody: refused.body });
    expect(again.status).toBe(409);
    expect(again.json().error).toContain('release edge-tools-1.1.0 already exists');
  });

  it('takes `software upload --local` as a text/plain JSON list of paths on the controller', async () => {
    const file = path.join(scratch, 'edge-tools-1.2.0.patch');
    writeFileSync(file, bundle('edge-tools-1.2.0'));
    const res = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers('text/plain'), rawBody: JSON.stringify([file]) });
    expect(res.status, res.body).toBe(200);
    expect(checkRc(res)).toBe(0);
    expect(uploadRows(res)).toEqual([{ file: 'edge-tools-1.2.0.patch', release: 'edge-tools-1.2.0' }]);

    const missing = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers('text/plain'), rawBody: '["/nonexistent/edge-tools-9.0.0.patch"]' });
    expect(missing.status).toBe(404);
    expect(missing.json().error).toBe('File not found on the controller: /nonexistent/edge-tools-9.0.0.patch');
    const relative = await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers('text/plain'), rawBody: '["edge.patch"]' });
    expect(relative.status).toBe(400);
    expect((await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers('text/plain'), rawBody: '[]' })).json().error).toBe('No files uploaded');
    expect((await t.request({ method: 'POST', url: `${base}/release`, token, headers: headers('text/plain'), rawBody: 'edge.patch' })).status).toBe(400);
    expect((await jsonRequest('POST', '/release', '["/etc/hostname"]')).status).toBe(415);
  });

  describe('deploy', () => {
    let compute0: { uuid: string; credential: string };
    let compute2: { uuid: string; credential: string };
    beforeAll(async () => {
      compute0 = await register('compute-0');
      await register('compute-1');
      compute2 = await register('compute-2');
    });

    it('says why `software deploy host H` has nothing to deploy while no deployment is under way', async () => {
      const res = await jsonRequest('POST', '/deploy_host/compute-1');
      expect(res.status, res.body).toBe(409);
      expect(checkRc(res)).toBe(1);
      expect(res.json().error).toBe('No deployment is under way for compute-1: name the release to deploy');
    });

    it('lists every deploy_host column `software deploy host-list` prints', async () => {
      // Our own client names the release; that makes it the deployment under way.
      const named = await t.request({ method: 'POST', url: '/usm/v1/deploy_host/compute-0', token, body: { release: 'edge-tools-1.0.0' } });
      expect(named.status, named.body).toBe(200);
      const res = await jsonRequest('GET', '/deploy_host');
      expect(res.status).toBe(200);
      expect(checkRc(res)).toBe(0);
      const columns = ['hostname', 'software_release', 'target_release', 'reboot_required', 'pre_upgrade_deploy', 'host_state'];
      const rows = (res.json() as Array<Record<string, unknown>>).map((h) =>
        Object.fromEntries(columns.map((c) => [c, h[c]])),
      );
      expect(rows).toEqual([
        { hostname: 'compute-0', software_release: null, target_release: 'edge-tools-1.0.0', reboot_required: false, pre_upgrade_deploy: false, host_state: 'deploying' },
        { hostname: 'compute-1', software_release: null, target_release: null, reboot_required: false, pre_upgrade_deploy: false, host_state: 'idle' },
        { hostname: 'compute-2', software_release: null, target_release: null, reboot_required: false, pre_upgrade_deploy: false, host_state: 'idle' },
      ]);
    });

    it('deploys the release under way on `software deploy host H`, a POST with a JSON content type and no body', async () => {
      const res = await jsonRequest('POST', '/deploy_host/compute-1');
      expect(res.status, res.body).toBe(200);
      expect(checkRc(res)).toBe(0);
      expect(res.json()).toMatchObject({ info: 'Host deployment of edge-tools-1.0.0 sent to compute-1.\n', warning: '', error: '' });
      expect((await jsonRequest('GET', '/deploy_host')).json()[1]).toMatchObject({ hostname: 'compute-1', target_release: 'edge-tools-1.0.0', host_state: 'deploying' });

      await report(compute2, { running: 'edge-tools-1.0.0', previous: null, state: 'deployed', reason: null });
      const done = await jsonRequest('POST', '/deploy_host/compute-2');
      expect(done.status).toBe(409);
      expect(done.json().error).toBe('compute-2 already runs edge-tools-1.0.0, the release being deployed');
    });

    it('retries a failed host on `software deploy host H --force`, and rolls back on `host-rollback`', async () => {
      expect((await report(compute0, { running: 'edge-agent-1.0.0', previous: null, state: 'failed', reason: 'pre-install hook failed' })).status).toBe(204);
      const forced = await jsonRequest('POST', '/deploy_host/compute-0/force');
      expect(forced.status, forced.body).toBe(200);
      expect(forced.json()).toMatchObject({ info: 'Host deployment of edge-tools-1.0.0 sent to compute-0.\n', error: '', host_state: 'deploying' });
      await report(compute0, { running: 'edge-tools-1.0.0', previous: 'edge-agent-1.0.0', state: 'deployed', reason: null });
      const rollback = await jsonRequest('POST', '/deploy_host/compute-0/rollback');
      expect(rollback.status, rollback.body).toBe(200);
      expect(rollback.json()).toMatchObject({ info: 'Host rollback of compute-0 to edge-agent-1.0.0 sent.\n', error: '', host_state: 'rolling-back' });
    });
  });
});
