import { buildBundle, newSigningKeyPair, verifyBundle } from '@murmuration/release';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InstallFailed, SoftwareSlots } from '../src/apply/software-slots.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-slots-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const key = newSigningKeyPair();

/** A verified release whose hooks are the given shell scripts. */
function release(id: string, hooks: { pre?: string; post?: string; timeout?: number } = {}) {
  const files = [
    {
      path: 'metadata.json',
      data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1), hooks: { ...(hooks.pre ? { pre_install: 'hooks/pre.sh' } : {}), ...(hooks.post ? { post_install: 'hooks/post.sh' } : {}), timeout_seconds: hooks.timeout ?? 10 } })),
    },
    { path: 'payload/version', data: Buffer.from(`${id}\n`) },
    ...(hooks.pre ? [{ path: 'hooks/pre.sh', data: Buffer.from(hooks.pre) }] : []),
    ...(hooks.post ? [{ path: 'hooks/post.sh', data: Buffer.from(hooks.post) }] : []),
  ];
  return verifyBundle(buildBundle(files, key.privateKeyPem).bundle, key.publicKeyPem);
}
const failed = async (run: Promise<unknown>): Promise<InstallFailed> => {
  try {
    await run;
  } catch (error) {
    if (error instanceof InstallFailed) return error;
    throw error;
  }
  throw new Error('the install did not fail');
};
const failure = async (run: Promise<unknown>): Promise<string> => (await failed(run)).message;

describe('A/B software slots', () => {
  it('installs into the other slot and switches, keeping the old release for a rollback', async () => {
    const root = path.join(scratch, 'ab');
    const slots = new SoftwareSlots(root);
    expect(await slots.state()).toEqual({ running: null, previous: null });
    await slots.install(release('tools-1.0.0', { pre: 'echo "$MURMUR_RELEASE" > "$MURMUR_SLOT/pre-ran"\n' }));
    expect(await slots.state()).toEqual({ running: 'tools-1.0.0', previous: null });
    expect(readFileSync(path.join(root, 'active', 'payload', 'version'), 'utf8')).toBe('tools-1.0.0\n');
    expect(readFileSync(path.join(root, 'active', 'pre-ran'), 'utf8')).toBe('tools-1.0.0\n');
    await slots.install(release('tools-1.1.0'));
    expect(await slots.state()).toEqual({ running: 'tools-1.1.0', previous: 'tools-1.0.0' });
    await slots.activate('tools-1.0.0');
    expect(await slots.state()).toEqual({ running: 'tools-1.0.0', previous: 'tools-1.1.0' });
    expect(await failure(slots.activate('tools-9.9.9'))).toBe('tools-9.9.9 is in neither slot');
  });

  it('runs the hooks of a release it activates again, in its slot, whether it runs it already or it is in the other slot', async () => {
    const root = path.join(scratch, 'activate');
    const slots = new SoftwareSlots(root);
    const count = 'echo "$MURMUR_RELEASE" >> "$MURMUR_SLOT/$1ran"\n';
    await slots.install(release('tools-1.0.0', { pre: count.replace('$1', 'pre-'), post: count.replace('$1', 'post-') }));
    await slots.install(release('tools-1.1.0'));
    await slots.activate('tools-1.0.0');
    expect(await slots.state()).toEqual({ running: 'tools-1.0.0', previous: 'tools-1.1.0' });
    await slots.activate('tools-1.0.0');
    expect(readFileSync(path.join(root, 'active', 'pre-ran'), 'utf8')).toBe('tools-1.0.0\n'.repeat(3));
    expect(readFileSync(path.join(root, 'active', 'post-ran'), 'utf8')).toBe('tools-1.0.0\n'.repeat(3));
  });

  it('stays where it was when a hook fails while it activates a release from the other slot', async () => {
    const root = path.join(scratch, 'activate-fails');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0', { post: '[ -e "$MURMUR_SLOT/installed" ] && { echo "service did not start" >&2; exit 7; }; touch "$MURMUR_SLOT/installed"\n' }));
    await slots.install(release('tools-1.1.0'));
    expect(await failed(slots.activate('tools-1.0.0'))).toMatchObject({ message: 'post-install hook hooks/post.sh failed (exit 7): service did not start; switched back', hookOutput: 'service did not start' });
    // Both slots still whole: the release only failed to start again.
    expect(await slots.state()).toEqual({ running: 'tools-1.1.0', previous: 'tools-1.0.0' });
  });

  it('stays on the old slot when the pre-install hook fails, and switches back when the post-install hook does', async () => {
    const root = path.join(scratch, 'hooks');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0'));
    expect(await failure(slots.install(release('tools-2.0.0', { pre: 'echo "disk too small" >&2\nexit 3\n' })))).toBe('pre-install hook hooks/pre.sh failed (exit 3): disk too small');
    expect((await slots.state()).running).toBe('tools-1.0.0');
    expect(await failure(slots.install(release('tools-2.0.1', { post: 'exit 1\n' })))).toBe('post-install hook hooks/post.sh failed (exit 1); switched back');
    // The slot the failed release was unpacked into is no longer whole: nothing switches to it.
    expect(await slots.state()).toEqual({ running: 'tools-1.0.0', previous: null });
    expect(await failure(slots.activate('tools-2.0.1'))).toBe('tools-2.0.1 is in neither slot');
    expect(readFileSync(path.join(root, 'active', 'payload', 'version'), 'utf8')).toBe('tools-1.0.0\n');
  });

  it('keeps what a failing hook wrote to its standard error, also what comes after its exit or beyond a pipe buffer', async () => {
    const root = path.join(scratch, 'stderr');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0'));
    // The shell exits at once; what it started writes the reason just after.
    const late = await failed(slots.install(release('tools-5.0.0', { pre: '(sleep 0.2; echo "checking /var"; echo "disk full on /var") >&2 &\nexit 4\n' })));
    expect(late).toMatchObject({ message: 'pre-install hook hooks/pre.sh failed (exit 4): disk full on /var', hookOutput: 'checking /var\ndisk full on /var' });
    const noisy = await failed(slots.install(release('tools-5.0.1', { post: 'head -c 200000 /dev/zero | tr "\\0" x >&2\necho >&2\necho "last words" >&2\nexit 9\n' })));
    expect(noisy.message).toBe('post-install hook hooks/post.sh failed (exit 9): last words; switched back');
    expect(noisy.hookOutput).toHaveLength(4000 - 1);
    expect(noisy.hookOutput!.endsWith('xxx\nlast words')).toBe(true);
    expect(await slots.state()).toEqual({ running: 'tools-1.0.0', previous: null });
  });

  it('does not wait for a process a failing hook left holding its standard error', async () => {
    const root = path.join(scratch, 'holder');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0'));
    const pidFile = path.join(scratch, 'holder.pid');
    const pre = `echo "no quorum" >&2\nsh -c 'echo $$ > ${pidFile}; exec sleep 60' >&2 &\nexit 3\n`;
    try {
      expect(await failure(slots.install(release('tools-6.0.0', { pre, timeout: 60 })))).toBe('pre-install hook hooks/pre.sh failed (exit 3): no quorum');
    } finally {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    }
  });

  it('kills a hook that hangs at its timeout and keeps the old slot', async () => {
    const root = path.join(scratch, 'hang');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0'));
    expect(await failure(slots.install(release('tools-3.0.0', { pre: 'sleep 30\n', timeout: 1 })))).toBe('pre-install hook hooks/pre.sh did not finish within 1 s and was killed');
    expect((await slots.state()).running).toBe('tools-1.0.0');
  });

  it('leaves a whole release active when the installing process is killed mid-install', async () => {
    const root = path.join(scratch, 'killed');
    const slots = new SoftwareSlots(root);
    await slots.install(release('tools-1.0.0'));
    // Another process installs a release whose hook blocks; it is killed while the hook runs.
    const script = `
      const { SoftwareSlots } = await import(${JSON.stringify(path.resolve('packages/agent/dist/apply/software-slots.js'))});
      const { buildBundle, verifyBundle } = await import(${JSON.stringify(path.resolve('packages/release/dist/index.js'))});
      const files = [
        { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id: 'tools-4.0.0', version: '4.0.0', hooks: { pre_install: 'hooks/pre.sh' } })) },
        { path: 'hooks/pre.sh', data: Buffer.from('touch "$MURMUR_SLOT/started"; sleep 30') },
      ];
      const key = ${JSON.stringify(key)};
      await new SoftwareSlots(${JSON.stringify(root)}).install(verifyBundle(buildBundle(files, key.privateKeyPem).bundle, key.publicKeyPem));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore', detached: true });
    const other = path.join(root, 'slots', 'b', 'started');
    for (let i = 0; i < 200 && !existsSync(other); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(other)).toBe(true);
    process.kill(-child.pid!, 'SIGKILL');
    expect(await new SoftwareSlots(root).state()).toEqual({ running: 'tools-1.0.0', previous: null });
    expect(readFileSync(path.join(root, 'active', 'payload', 'version'), 'utf8')).toBe('tools-1.0.0\n');
  });
});
