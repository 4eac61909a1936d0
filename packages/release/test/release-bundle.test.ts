import { AppError } from '@murmuration/core/common';
import { buildBundle, newSigningKeyPair, readTar, verifyBundle, writeTar } from '@murmuration/release';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const key = newSigningKeyPair();
const metadata = (extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ id: 'murmur-1.1.0', version: '1.1.0', summary: 'edge fixes', reboot_required: false, requires: ['murmur-1.0.0'], hooks: { pre_install: 'hooks/pre.sh', timeout_seconds: 30 }, ...extra }));
const files = () => [
  { path: 'metadata.json', data: metadata() },
  { path: 'hooks/pre.sh', data: Buffer.from('#!/bin/sh\nexit 0\n') },
  { path: 'payload/bin/edge-tool', data: Buffer.from('binary'.repeat(100)) },
  { path: 'payload/etc/edge.conf', data: Buffer.from('a=1\n') },
];
const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('release bundles', () => {
  it('build into a signed, deterministic tar.gz that verifies, with its metadata and files', () => {
    const { bundle, metadata: meta } = buildBundle(files(), key.privateKeyPem);
    expect(meta).toMatchObject({ id: 'murmur-1.1.0', version: '1.1.0', requires: ['murmur-1.0.0'], hooks: { preInstall: 'hooks/pre.sh', postInstall: null, timeoutSeconds: 30 } });
    const verified = verifyBundle(bundle, key.publicKeyPem);
    expect([...verified.files.keys()].sort()).toEqual(['hooks/pre.sh', 'manifest.json', 'metadata.json', 'payload/bin/edge-tool', 'payload/etc/edge.conf', 'signature']);
    expect(verified.files.get('payload/etc/edge.conf')!.toString()).toBe('a=1\n');
    expect(verified.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The system's tar reads what we write.
    const file = path.join(scratch, 'bundle.tar.gz');
    writeFileSync(file, bundle);
    expect(execFileSync('tar', ['-tzf', file]).toString().trim().split('\n').sort()).toEqual([...verified.files.keys()].sort());
  });

  it('refuses a bundle signed with another key, or whose manifest was changed', () => {
    const other = newSigningKeyPair();
    const { bundle } = buildBundle(files(), other.privateKeyPem);
    expect(refusal(() => verifyBundle(bundle, key.publicKeyPem)).message).toContain('release signature is not valid');
  });

  it('refuses a bundle whose payload differs from the signed manifest', () => {
    const { bundle } = buildBundle(files(), key.privateKeyPem);
    const entries = readTar(gunzipSync(bundle), { maxBytes: 1e9, maxFiles: 100 });
    const tampered = entries.map((e) => (e.path === 'payload/etc/edge.conf' ? { ...e, data: Buffer.from('a=2\n') } : e));
    expect(refusal(() => verifyBundle(gzipSync(writeTar(tampered)), key.publicKeyPem)).message).toBe('checksum mismatch: payload/etc/edge.conf is not the file that was signed');
    const extra = [...entries, { path: 'payload/extra', data: Buffer.from('x') }];
    expect(refusal(() => verifyBundle(gzipSync(writeTar(extra)), key.publicKeyPem)).message).toContain('payload/extra is in the archive but not in the signed manifest');
    const missing = entries.filter((e) => e.path !== 'payload/bin/edge-tool');
    expect(refusal(() => verifyBundle(gzipSync(writeTar(missing)), key.publicKeyPem)).message).toContain('payload/bin/edge-tool is in the signed manifest but missing');
  });

  it('refuses paths that escape, links, malformed and oversized archives', () => {
    const dir = path.join(scratch, 'escape');
    mkdirSync(path.join(dir, 'inner'), { recursive: true });
    writeFileSync(path.join(dir, 'evil'), 'x');
    const escaping = path.join(scratch, 'escape.tar.gz');
    execFileSync('tar', ['-czPf', escaping, '-C', path.join(dir, 'inner'), '../evil']);
    expect(refusal(() => verifyBundle(readFileSync(escaping), key.publicKeyPem)).message).toContain('escapes the release directory');
    symlinkSync('/etc/passwd', path.join(dir, 'link'));
    const linked = path.join(scratch, 'link.tar.gz');
    execFileSync('tar', ['-czf', linked, '-C', dir, 'link']);
    expect(refusal(() => verifyBundle(readFileSync(linked), key.publicKeyPem)).message).toContain('is a symbolic link');
    expect(refusal(() => verifyBundle(Buffer.from('not an archive at all'), key.publicKeyPem)).message).toContain('not a gzip-compressed tar archive');
    const { bundle } = buildBundle(files(), key.privateKeyPem);
    expect(refusal(() => verifyBundle(gzipSync(gunzipSync(bundle).subarray(0, 700)), key.publicKeyPem)).message).toContain('truncated');
    const big = refusal(() => verifyBundle(bundle, key.publicKeyPem, { maxBytes: 100, maxFiles: 100 }));
    expect(big.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses hard links, special files, absolute paths, duplicates and more files than the limit', () => {
    const dir = path.join(scratch, 'kinds');
    mkdirSync(path.join(dir, 'many'), { recursive: true });
    writeFileSync(path.join(dir, 'one'), '1');
    linkSync(path.join(dir, 'one'), path.join(dir, 'two'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, 'many', `f${i}`), String(i));
    const tarOf = (...args: string[]) => execFileSync('tar', ['-cf', '-', ...args]);
    const limits = { maxBytes: 1e6, maxFiles: 2 };
    expect(refusal(() => readTar(tarOf('-C', dir, 'one', 'two'), limits)).message).toContain('"two" is a hard link');
    expect(refusal(() => readTar(tarOf('-C', dir, 'fifo'), limits)).message).toContain('"fifo" is a special file');
    expect(refusal(() => readTar(tarOf('-P', path.join(dir, 'one')), limits)).message).toContain('escapes the release directory');
    expect(refusal(() => readTar(tarOf('-C', dir, 'many'), limits)).message).toContain('more than 2 files');
    const twice = writeTar([{ path: 'a', data: Buffer.from('1') }, { path: './a', data: Buffer.from('2') }]);
    expect(refusal(() => readTar(twice, limits)).message).toContain('a appears twice');
    expect(readTar(Buffer.alloc(1024), limits)).toEqual([]);
  });

  it('refuses to build without metadata, with bad metadata or with a hook that is not there', () => {
    expect(refusal(() => buildBundle(files().slice(1), key.privateKeyPem)).message).toContain('needs metadata.json');
    expect(refusal(() => buildBundle([{ path: 'metadata.json', data: metadata({ id: 'bad id' }) }], key.privateKeyPem)).message).toContain('id "bad id"');
    expect(refusal(() => buildBundle([{ path: 'metadata.json', data: metadata() }], key.privateKeyPem)).message).toContain('names the hook hooks/pre.sh');
    expect(refusal(() => buildBundle([{ path: 'metadata.json', data: metadata({ requires: ['murmur-1.1.0'] }) }], key.privateKeyPem)).message).toContain('cannot require itself');
  });
});

describe('the metadata.json example of docs/software.md', () => {
  const doc = readFileSync(new URL('../../../docs/software.md', import.meta.url), 'utf8');
  const example = /```json\n(\{[\s\S]*?\})\n```/.exec(doc)?.[1];

  it('is a release the packer builds, with every field read as the page says', () => {
    expect(example).toBeDefined();
    const built = buildBundle(
      [
        { path: 'metadata.json', data: Buffer.from(example!) },
        { path: 'payload/usr/local/bin/edge-tool', data: Buffer.from('tool') },
        { path: 'hooks/pre-install.sh', data: Buffer.from('#!/bin/sh\nexit 0\n') },
        { path: 'hooks/post-install.sh', data: Buffer.from('#!/bin/sh\nexit 0\n') },
      ],
      key.privateKeyPem,
    );
    expect(verifyBundle(built.bundle, key.publicKeyPem, { maxBytes: 1e6, maxFiles: 10 }).metadata).toEqual({
      id: 'edge-tools-1.0.0',
      version: '1.0.0',
      summary: 'Edge tools 1.0',
      description: 'Adds edge-tool to every host.',
      rebootRequired: false,
      requires: ['edge-base-1.0.0'],
      hooks: { preInstall: 'hooks/pre-install.sh', postInstall: 'hooks/post-install.sh', timeoutSeconds: 120 },
    });
  });
});
