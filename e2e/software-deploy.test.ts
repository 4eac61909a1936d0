import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MURMUR_BIN, murmur, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

interface Agent {
  readonly child: ChildProcess;
  readonly log: () => string;
}

/**
 * Releases deployed on a real agent process: A/B slots, hooks, failures with 900.021, rollback,
 * a bundle swapped on the controller's disk, and an agent killed in the middle of an install.
 */
describe('software deployed on hosts by their agents', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-deploy-'));
  const data = path.join(dir, 'data');
  const agentState = path.join(dir, 'agent');
  let controller: RunningController;
  let env: Record<string, string>;
  let agent: Agent;
  const ok = (args: string[]) => murmurOk(args, env);

  /** Writes a release directory and builds its signed bundle; returns the bundle's path. */
  const build = async (
    id: string,
    options: { pre?: string; post?: string; requires?: string[]; key?: string } = {},
  ) => {
    const src = path.join(dir, 'src', id);
    mkdirSync(path.join(src, 'hooks'), { recursive: true });
    mkdirSync(path.join(src, 'payload'), { recursive: true });
    const hooks = { ...(options.pre ? { pre_install: 'hooks/pre.sh' } : {}), ...(options.post ? { post_install: 'hooks/post.sh' } : {}) };
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id, version: id.split('-').at(-1), requires: options.requires ?? [], hooks }));
    writeFileSync(path.join(src, 'payload', 'version'), `${id}\n`);
    if (options.pre) writeFileSync(path.join(src, 'hooks', 'pre.sh'), options.pre);
    if (options.post) writeFileSync(path.join(src, 'hooks', 'post.sh'), options.post);
    const out = path.join(dir, `${id}.tar.gz`);
    await ok(['software', 'build-release', src, '--key', options.key ?? path.join(data, 'release-signing-key.pem'), '-o', out]);
    return out;
  };
  const hostState = async () => {
    const hosts = JSON.parse(await ok(['software', 'deploy-host-list', '-f', 'json'])) as Array<Record<string, unknown>>;
    return hosts.find((h) => h['Host'] === 'compute-0')!;
  };
  const waitState = async (state: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const h = await hostState();
      if (h['State'] === state) return h;
      if (Date.now() > deadline) throw new Error(`compute-0 never reached ${state}: ${JSON.stringify(h)}\n${agent.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const alarms = async () => JSON.parse(await ok(['fm', 'alarm-list', '-f', 'json'])).map((a: Record<string, string>) => a['Alarm ID']) as string[];
  const active = () => readFileSync(path.join(agentState, 'software', 'active', 'payload', 'version'), 'utf8').trim();
  const startAgent = (args: string[] = []): Agent => {
    const child = spawn(MURMUR_BIN, ['agent', '--controller', controller.url, '--state-dir', agentState, '--hostname', 'compute-0', '--profile', 'small-aio', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    return { child, log: () => log };
  };

  beforeAll(async () => {
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ orchestration: { pollMs: 100, stabilizeSeconds: 1 } }));
    controller = await startController(['--data', data, '--system-mode', 'duplex', '--config', config]);
    env = readOpenrc(path.join(data, 'openrc'));
    const token = JSON.parse(await ok(['system', 'host-bootstrap-token', 'create', '-f', 'json'])).token as string;
    agent = startAgent(['--bootstrap-token', token, '--personality', 'worker']);
    const deadline = Date.now() + 30_000;
    while (!JSON.parse(await ok(['system', 'host-list', '-f', 'json'])).some((h: Record<string, string>) => h['hostname'] === 'compute-0' && h['availability'] === 'online')) {
      if (Date.now() > deadline) throw new Error(`compute-0 did not come online:\n${agent.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    agent?.child.kill('SIGKILL');
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs a release into a slot, runs its hook and reports it deployed', async () => {
    await ok(['software', 'upload', await build('tools-1.0.0', { pre: 'echo prepared > "$MURMUR_SLOT/prepared"\n' })]);
    const started = await ok(['software', 'deploy-host', 'compute-0', 'tools-1.0.0']);
    expect(started).toMatch(/\| compute-0 \| None\s+\| tools-1\.0\.0 \| False \| deploying \|/);
    expect(await waitState('deployed')).toMatchObject({ 'From Release': 'tools-1.0.0', 'To Release': 'tools-1.0.0' });
    expect(active()).toBe('tools-1.0.0');
    expect(readFileSync(path.join(agentState, 'software', 'active', 'prepared'), 'utf8')).toBe('prepared\n');
    expect(JSON.parse(await ok(['software', 'show', 'tools-1.0.0', '-f', 'json'])).state).toBe('deployed');
  });

  it('keeps the running release when a hook fails, raising 900.021, and clears it with the next good release', async () => {
    await ok(['software', 'upload', await build('tools-2.0.0', { requires: ['tools-1.0.0'], pre: 'echo "needs more disk" >&2; exit 4\n' })]);
    await ok(['software', 'deploy-host', 'compute-0', 'tools-2.0.0']);
    const failed = await waitState('failed');
    expect(failed).toMatchObject({ 'From Release': 'tools-1.0.0', Reason: 'pre-install hook hooks/pre.sh failed (exit 4): needs more disk' });
    expect(active()).toBe('tools-1.0.0');
    expect(await alarms()).toContain('900.021');

    await ok(['software', 'upload', await build('tools-1.1.0')]);
    await ok(['software', 'deploy-host', 'compute-0', 'tools-1.1.0']);
    await waitState('deployed');
    expect(active()).toBe('tools-1.1.0');
    expect(await alarms()).not.toContain('900.021');
  });

  it('rolls a host back to the release it ran before, from its other slot', async () => {
    const rolling = await ok(['software', 'rollback-host', 'compute-0']);
    expect(rolling).toContain('rolling-back');
    expect(await waitState('rolled-back')).toMatchObject({ 'From Release': 'tools-1.0.0' });
    expect(active()).toBe('tools-1.0.0');
    const again = await murmur(['software', 'deploy-host', 'compute-0', 'tools-9.9.9'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('release tools-9.9.9 not found');
  });

  it('rolls a host whose post-install hook failed back to the release it ran before, running its hooks again, and shows what the hook wrote', async () => {
    // The hook's last words come from a process it started, after the hook itself has exited.
    await ok(['software', 'upload', await build('tools-2.1.0', { post: 'echo "starting edge-agent" >&2\n(sleep 0.2; echo "edge-agent: port 8443 in use" >&2) &\nexit 5\n' })]);
    await ok(['software', 'deploy-host', 'compute-0', 'tools-2.1.0']);
    expect(await waitState('failed')).toMatchObject({
      'From Release': 'tools-1.0.0', 'To Release': 'tools-2.1.0', Reason: 'post-install hook hooks/post.sh failed (exit 5): edge-agent: port 8443 in use; switched back',
    });
    const shown = JSON.parse(await ok(['software', 'deploy-host-show', 'compute-0', '-f', 'json']));
    expect(shown).toMatchObject({ host_state: 'failed', previous_release: null, hook_output: 'starting edge-agent\nedge-agent: port 8443 in use' });
    expect(active()).toBe('tools-1.0.0');
    expect(await alarms()).toEqual(expect.arrayContaining(['900.021', '900.004']));

    // tools-1.0.0's pre-install hook writes this file: the rollback runs it again.
    const prepared = path.join(agentState, 'software', 'active', 'prepared');
    rmSync(prepared);
    expect(await ok(['software', 'rollback-host', 'compute-0'])).toMatch(/\| compute-0 \| tools-1\.0\.0\s+\| tools-1\.0\.0\s+\| False \| rolling-back \|/);
    expect(await waitState('rolled-back')).toMatchObject({ 'From Release': 'tools-1.0.0', 'To Release': 'tools-1.0.0' });
    expect(active()).toBe('tools-1.0.0');
    expect(readFileSync(prepared, 'utf8')).toBe('prepared\n');
    expect((await alarms()).filter((id) => id === '900.021' || id === '900.004')).toEqual([]);
    expect(JSON.parse(await ok(['software', 'show', 'tools-2.1.0', '-f', 'json'])).state).toBe('available');
    const again = await murmur(['software', 'rollback-host', 'compute-0'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('compute-0 was already rolled back to tools-1.0.0; deploy a release to go forward');
  });

  it('refuses on the host a bundle swapped on the controller\'s disk after upload', async () => {
    await ok(['software', 'upload', await build('tools-1.2.0')]);
    // Someone replaces the stored bundle with one signed by another key.
    const forged = path.join(dir, 'forged.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(forged, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    rmSync(path.join(dir, 'src', 'tools-1.2.0'), { recursive: true });
    const swapped = await build('tools-1.2.0', { key: forged, pre: 'touch /tmp/should-never-run\n' });
    writeFileSync(path.join(data, 'releases', 'tools-1.2.0.tar.gz'), readFileSync(swapped));
    await ok(['software', 'deploy-host', 'compute-0', 'tools-1.2.0']);
    expect((await waitState('failed'))['Reason']).toContain('release signature is not valid');
    expect(active()).toBe('tools-1.0.0');
  });

  it('leaves a whole slot active when the agent is killed mid-install, and finishes after a restart', async () => {
    const marker = path.join(dir, 'first-attempt');
    await ok(['software', 'upload', await build('tools-1.3.0', { pre: `if [ ! -e ${marker} ]; then touch ${marker}; sleep 30; fi\n` })]);
    await ok(['software', 'deploy-host', 'compute-0', 'tools-1.3.0']);
    for (let i = 0; i < 300 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    agent.child.kill('SIGKILL');
    expect(active()).toBe('tools-1.0.0');
    agent = startAgent();
    expect(await waitState('deployed')).toMatchObject({ 'From Release': 'tools-1.3.0' });
    expect(active()).toBe('tools-1.3.0');
  });

  it('rolls a release across the hosts with sw-manager, watching it to the end', async () => {
    await ok(['software', 'upload', await build('tools-1.4.0')]);
    const created = await ok(['sw-manager', 'sw-deploy-strategy', 'create', 'tools-1.4.0', '--worker-apply-type', 'parallel', '--max-parallel-worker-hosts', '2']);
    expect(created).toContain('Strategy Software Deploy Strategy:');
    expect(created).toMatch(/\n {2}state: +ready-to-apply\n/);
    const range = await murmur(['sw-manager', 'sw-deploy-strategy', 'create', 'tools-1.4.0', '--max-parallel-worker-hosts', '1'], env);
    expect(range.code).toBe(2);
    await ok(['sw-manager', 'sw-deploy-strategy', 'apply']);
    const watched = await ok(['sw-manager', 'sw-deploy-strategy', 'show', '--watch']);
    expect(watched).toMatch(/sw-deploy tools-1\.4\.0: applied \(apply 100%\)/);
    expect(watched).toMatch(/1 sw-upgrade-worker-hosts +\[#{24}\] success +compute-0/);
    const details = await ok(['sw-manager', 'sw-deploy-strategy', 'show', '--details']);
    expect(details).toContain('  apply-phase:');
    expect(details).toMatch(/step-name: +sw-deploy-hosts/);
    expect(active()).toBe('tools-1.4.0');
    expect(await ok(['sw-manager', 'sw-deploy-strategy', 'delete'])).toBe('Strategy deleted\n');
    expect(await ok(['sw-manager', 'sw-deploy-strategy', 'show'])).toBe('No strategy available\n');
  });
});
