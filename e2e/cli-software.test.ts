import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

describe('murmur software against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-software-'));
  const data = path.join(dir, 'data');
  let controller: RunningController;
  let env: Record<string, string>;
  const ok = (args: string[]) => murmurOk(args, env);

  beforeAll(async () => {
    controller = await startController(['--data', data]);
    env = readOpenrc(path.join(data, 'openrc'));
    const release = path.join(dir, 'release');
    mkdirSync(path.join(release, 'payload', 'bin'), { recursive: true });
    mkdirSync(path.join(release, 'hooks'), { recursive: true });
    writeFileSync(path.join(release, 'metadata.json'), JSON.stringify({ id: 'edge-tools-1.0.0', version: '1.0.0', summary: 'edge tools', reboot_required: true, hooks: { pre_install: 'hooks/pre.sh' } }));
    writeFileSync(path.join(release, 'hooks', 'pre.sh'), '#!/bin/sh\nexit 0\n');
    writeFileSync(path.join(release, 'payload', 'bin', 'edge-tool'), 'version 1.0.0\n');
  });
  afterAll(async () => {
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds a signed release with the controller\'s key, uploads, lists, shows and deletes it', async () => {
    const bundle = path.join(dir, 'edge-tools-1.0.0.tar.gz');
    expect(await ok(['software', 'build-release', path.join(dir, 'release'), '--key', path.join(data, 'release-signing-key.pem'), '-o', bundle])).toMatch(
      /^edge-tools-1\.0\.0 \(1\.0\.0\) written to .*edge-tools-1\.0\.0\.tar\.gz, \d+ bytes\n$/,
    );
    const uploaded = await ok(['software', 'upload', bundle]);
    expect(uploaded).toContain('edge-tools-1.0.0 is now uploaded');
    expect(uploaded).toContain('| edge-tools-1.0.0.tar.gz | edge-tools-1.0.0 |');
    const list = await ok(['software', 'list']);
    expect(list.split('\n')[1]).toMatch(/^\| Release\s+\| RR\s+\| State\s+\|$/);
    expect(list).toMatch(/\| edge-tools-1\.0\.0 \| True \| available \|/);
    expect(JSON.parse(await ok(['software', 'show', 'edge-tools-1.0.0', '-f', 'json']))).toMatchObject({ release_id: 'edge-tools-1.0.0', sw_version: '1.0.0', reboot_required: true, state: 'available' });
    expect(await ok(['software', 'delete', 'edge-tools-1.0.0'])).toBe('edge-tools-1.0.0 has been deleted\n');
    expect(JSON.parse(await ok(['software', 'list', '-f', 'json']))).toEqual([]);
  });

  it('refuses a tampered bundle with the reason (exit 1), keeping nothing', async () => {
    const bundle = path.join(dir, 'edge-tools-1.0.0.tar.gz');
    // Flip the payload inside the archive: the manifest no longer matches.
    const tar = gunzipSync(readFileSync(bundle));
    const at = tar.indexOf('version 1.0.0');
    tar.write('version 6.6.6', at);
    const tampered = path.join(dir, 'tampered.tar.gz');
    writeFileSync(tampered, gzipSync(tar));
    const refused = await murmur(['software', 'upload', tampered], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('checksum mismatch: payload/bin/edge-tool is not the file that was signed');
    const unsigned = await murmur(['software', 'build-release', path.join(dir, 'release'), '--key', path.join(dir, 'missing.pem')], env);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('cannot read the signing key');
    expect(JSON.parse(await ok(['software', 'list', '-f', 'json']))).toEqual([]);
  });
});
