import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MURMUR_BIN, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

/**
 * A controller and five agents in their own processes (two controllers of the dual-socket
 * fixture, three workers of the small all-in-one one) rolled to a new release by a sw-deploy
 * strategy with parallel workers, watched through the CLI.
 */
describe('a sw-deploy strategy over real agent processes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-strategy-'));
  const data = path.join(dir, 'data');
  let controller: RunningController;
  let env: Record<string, string>;
  const agents: ChildProcess[] = [];
  const ok = (args: string[]) => murmurOk(args, env);

  const hollow = async (count: number, prefix: string, personality: string, profile: string) => {
    const tokens = [];
    for (let i = 0; i < count; i++) tokens.push(JSON.parse(await ok(['system', 'host-bootstrap-token', 'create', '-f', 'json'])).token as string);
    const file = path.join(dir, `${prefix}.tokens`);
    writeFileSync(file, tokens.join('\n'));
    agents.push(
      spawn(MURMUR_BIN, ['agent', '--controller', controller.url, '--hollow', String(count), '--hostname-prefix', prefix, '--personality', personality, '--profile', profile, '--bootstrap-token-file', file, '--state-dir', path.join(dir, prefix)], {
        stdio: 'ignore',
      }),
    );
  };
  const hosts = async () => JSON.parse(await ok(['system', 'host-list', '-f', 'json'])) as Array<Record<string, string>>;
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ orchestration: { pollMs: 100, stabilizeSeconds: 1 } }));
    controller = await startController(['--data', data, '--system-mode', 'duplex', '--config', config]);
    env = readOpenrc(path.join(data, 'openrc'));
    await hollow(2, 'controller', 'controller', 'dual-socket-server');
    await hollow(3, 'compute', 'worker', 'small-aio');
    await until('five hosts online', async () => (await hosts()).filter((h) => h['availability'] === 'online').length === 5);
    for (const name of ['controller-0', 'controller-1', 'compute-0', 'compute-1', 'compute-2']) await ok(['system', 'host-unlock', name]);
    await until('five hosts available', async () => (await hosts()).filter((h) => h['availability'] === 'available').length === 5);
    const src = path.join(dir, 'release');
    mkdirSync(path.join(src, 'payload'), { recursive: true });
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: 'edge-2.0.0', version: '2.0.0', summary: 'edge platform 2.0' }));
    writeFileSync(path.join(src, 'payload', 'version'), 'edge-2.0.0\n');
    await ok(['software', 'build-release', src, '--key', path.join(data, 'release-signing-key.pem'), '-o', path.join(dir, 'edge.tar.gz')]);
    await ok(['software', 'upload', path.join(dir, 'edge.tar.gz')]);
  }, 120_000);

  afterAll(async () => {
    for (const agent of agents) agent.kill('SIGKILL');
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs controllers one at a time, then workers two by two, and leaves every host on the new release', async () => {
    await ok(['sw-manager', 'sw-deploy-strategy', 'create', 'edge-2.0.0', '--worker-apply-type', 'parallel', '--max-parallel-worker-hosts', '2']);
    const details = await ok(['sw-manager', 'sw-deploy-strategy', 'show', '--details']);
    const groups = [...details.matchAll(/stage-name: +(\S+)[\s\S]*?(?=stage-id:|$)/g)].map((m) => [m[1], [...m[0].matchAll(/entity-names: +\[(.*)\]/g)].map((e) => e[1]).at(0) ?? '']);
    expect(groups).toEqual([
      ['sw-upgrade-start', ''],
      ['sw-upgrade-controllers', "'controller-0'"],
      ['sw-upgrade-controllers', "'controller-1'"],
      ['sw-upgrade-worker-hosts', "'compute-0', 'compute-1'"],
      ['sw-upgrade-worker-hosts', "'compute-2'"],
      ['sw-upgrade-complete', ''],
    ]);
    await ok(['sw-manager', 'sw-deploy-strategy', 'apply']);
    // While it applies, 900.201 is up.
    await until('900.201 raised', async () => JSON.parse(await ok(['fm', 'alarm-list', '-f', 'json'])).some((a: Record<string, string>) => a['Alarm ID'] === '900.201'), 10_000);
    const watched = await ok(['sw-manager', 'sw-deploy-strategy', 'show', '--watch']);
    expect(watched).toMatch(/sw-deploy edge-2\.0\.0: applied \(apply 100%\)/);
    const final = watched.trim().split('\n\n').at(-1)!;
    expect(final.split('\n').slice(1).map((l) => l.trim().split(/\s+/).slice(1, 2)[0])).toEqual([
      'sw-upgrade-start', 'sw-upgrade-controllers', 'sw-upgrade-controllers', 'sw-upgrade-worker-hosts', 'sw-upgrade-worker-hosts', 'sw-upgrade-complete',
    ]);
    const deployed = JSON.parse(await ok(['software', 'deploy-host-list', '-f', 'json'])) as Array<Record<string, string>>;
    expect(deployed.map((h) => `${h['Host']}:${h['From Release']}:${h['State']}`).sort()).toEqual([
      'compute-0:edge-2.0.0:deployed', 'compute-1:edge-2.0.0:deployed', 'compute-2:edge-2.0.0:deployed', 'controller-0:edge-2.0.0:deployed', 'controller-1:edge-2.0.0:deployed',
    ]);
    for (const [prefix, name] of [['controller', 'controller-1'], ['compute', 'compute-2']]) {
      expect(readFileSync(path.join(dir, prefix!, name!, 'software', 'active', 'payload', 'version'), 'utf8')).toBe('edge-2.0.0\n');
    }
    expect(JSON.parse(await ok(['fm', 'alarm-list', '-f', 'json'])).map((a: Record<string, string>) => a['Alarm ID'])).not.toContain('900.201');
    expect(JSON.parse(await ok(['software', 'show', 'edge-2.0.0', '-f', 'json'])).state).toBe('deployed');
  }, 120_000);

  it('takes over, with a new strategy, the hosts whose deployment failed in the last one', async () => {
    const fixed = path.join(dir, 'compute-1-fixed');
    const src = path.join(dir, 'release-2.1');
    mkdirSync(path.join(src, 'hooks'), { recursive: true });
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: 'edge-2.1.0', version: '2.1.0', hooks: { pre_install: 'hooks/pre.sh' } }));
    writeFileSync(path.join(src, 'hooks', 'pre.sh'), `case "$MURMUR_SLOT" in */compute-1/*) [ -e ${fixed} ] || { echo "no room on compute-1" >&2; exit 2; };; esac\n`);
    await ok(['software', 'build-release', src, '--key', path.join(data, 'release-signing-key.pem'), '-o', path.join(dir, 'edge-2.1.tar.gz')]);
    await ok(['software', 'upload', path.join(dir, 'edge-2.1.tar.gz')]);
    await ok(['sw-manager', 'sw-deploy-strategy', 'delete']);
    const create = ['sw-manager', 'sw-deploy-strategy', 'create', 'edge-2.1.0', '--controller-apply-type', 'ignore', '--worker-apply-type', 'parallel', '--max-parallel-worker-hosts', '3'];
    const ended = async () => {
      let shown = '';
      await until('the strategy to end', async () => /\n {2}state: +(applied|apply-failed)\n/.test((shown = await ok(['sw-manager', 'sw-deploy-strategy', 'show']))));
      return /\n {2}state: +(\S+)\n/.exec(shown)![1];
    };
    const compute1Alarms = async () =>
      (JSON.parse(await ok(['fm', 'alarm-list', '-f', 'json'])) as Array<Record<string, string>>).filter((a) => a['Entity ID'] === 'host=compute-1').map((a) => a['Alarm ID']).sort();

    await ok(create);
    await ok(['sw-manager', 'sw-deploy-strategy', 'apply']);
    expect(await ended()).toBe('apply-failed');
    expect(await compute1Alarms()).toEqual(['900.004', '900.021']);

    // The cause fixed, a new strategy (strict alarm restrictions) starts past those alarms and finishes the job.
    writeFileSync(fixed, '');
    await ok(['sw-manager', 'sw-deploy-strategy', 'delete']);
    await ok(create);
    await ok(['sw-manager', 'sw-deploy-strategy', 'apply']);
    expect(await ended()).toBe('applied');
    const deployed = JSON.parse(await ok(['software', 'deploy-host-list', '-f', 'json'])) as Array<Record<string, string>>;
    expect(deployed.filter((h) => h['Host']!.startsWith('compute')).map((h) => `${h['Host']}:${h['From Release']}:${h['State']}`).sort()).toEqual([
      'compute-0:edge-2.1.0:deployed', 'compute-1:edge-2.1.0:deployed', 'compute-2:edge-2.1.0:deployed',
    ]);
    expect(await compute1Alarms()).toEqual([]);
  }, 120_000);
});
