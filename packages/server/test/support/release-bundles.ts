import { buildBundle } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestController } from './test-controller.js';

/**
 * A release bundle signed with a controller's own signing key (in its data directory), as `murmur software
 * build-release --key` makes it: an id, its version, a payload, and a pre-install hook when given.
 */
export function signedBundle(dataDir: string, id: string, preInstall?: string): Buffer {
  const key = readFileSync(path.join(dataDir, 'release-signing-key.pem'), 'utf8');
  const files = [
    { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1), hooks: preInstall ? { pre_install: 'hooks/pre.sh' } : {} })) },
    { path: 'payload/version', data: Buffer.from(id) },
    ...(preInstall ? [{ path: 'hooks/pre.sh', data: Buffer.from(preInstall) }] : []),
  ];
  return buildBundle(files, key).bundle;
}

/** Uploads a release signed with the controller's key through USM (`software upload`). */
export async function uploadRelease(t: TestController, token: string, id: string, preInstall?: string): Promise<void> {
  const res = await t.request({
    method: 'POST', url: '/usm/v1/upload', token, rawBody: signedBundle(t.db.dir, id, preInstall),
    headers: { 'content-type': 'application/gzip' },
  });
  if (res.status !== 200) throw new Error(`upload of ${id} refused: ${res.status} ${res.body}`);
}
