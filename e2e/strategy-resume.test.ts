import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MURMUR_BIN, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

/**
 * A controller killed with SIGKILL in the middle of a strategy: on restart the strategy goes on
 * from the step under way and ends applied, and no host installs the release twice.
 */
describe('a sw-deploy strategy across a controller crash', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-resume-'));
  const data = path.join(dir, 'data');
  const runs = path.join(dir, 'runs');
  const config = path.join(dir, 'config.json');
  let controller: RunningController;
  let env: Record<string, string>;
  let agents: ChildProcess | null = null;
  const ok = (args: string[]) => murmurOk(args, env);
  const fetchStrategy = async () => {
    const token = await fetch(`${controller.url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: env['OS_PASSWORD'], domain: { name: 'Default' } } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } }),
    }).then((r) => r.headers.get('x-subject-token')!);
    return JSON.stringify((await (await fetch(`${controller.url}/nfv/api/orchestration/sw-upgrade/strategy`, { headers: { 'x-auth-token': token } })).json()).strategy);
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${await fetchStrategy()}\n${readFileSync(path.join(dir, 'agents.log'), 'utf8').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Starts the controller; after the first start, on the same port, where the agents look for it. */
  const start = async () => {
    const listen = controller ? ['--listen', new URL(controller.url).host] : [];
    controller = await startController(['--data', data, '--system-mode', 'duplex', '--config', config, ...listen]);
    env = { ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${controller.url}/identity/v3` };
  };

  beforeAll(async () => {
    mkdirSync(runs);
    writeFileSync(
      config,
      JSON.stringify({ orchestration: { pollMs: 100, stabilizeSeconds: 0 }, maintenance: { startupGraceMs: 30_000 } }),
    );
    await start();
    const tokens = [];
    for (let i = 0; i < 3; i++) tokens.push(JSON.parse(await ok(['system', 'host-bootstrap-token', 'create', '-f', 'json'])).token as string);
    writeFileSync(path.join(dir, 'tokens'), tokens.join('\n'));
    agents = spawn(MURMUR_BIN, ['agent', '--controller', controller.url, '--hollow', '3', '--profile', 'small-aio', '--bootstrap-token-file', path.join(dir, 'tokens'), '--state-dir', path.join(dir, 'agents'), '--max-backoff', '0.5'], {
      stdio: ['ignore', 'ignore', openSync(path.join(dir, 'agents.log'), 'w')],
    });
    await until('three hosts online', async () => JSON.parse(await ok(['system', 'host-list', '-f', 'json'])).filter((h: Record<string, string>) => h['availability'] === 'online').length === 3);
    // Each install records itself and takes two seconds.
    const src = path.join(dir, 'release');
    mkdirSync(path.join(src, 'hooks'), { recursive: true });
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: 'tools-5.0.0', version: '5.0.0', hooks: { pre_install: 'hooks/pre.sh' } }));
    writeFileSync(path.join(src, 'hooks', 'pre.sh'), `echo run >> "${runs}/$(basename "$(dirname "$(dirname "$(dirname "$MURMUR_SLOT")")")")"\nsleep 2\n`);
    await ok(['software', 'build-release', src, '--key', path.join(data, 'release-signing-key.pem'), '-o', path.join(dir, 'tools.tar.gz')]);
    await ok(['software', 'upload', path.join(dir, 'tools.tar.gz')]);
  }, 120_000);

  afterAll(async () => {
    agents?.kill('SIGKILL');
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes at the step under way and completes, installing on each host once', async () => {
    await ok(['sw-manager', 'sw-deploy-strategy', 'create', 'tools-5.0.0', '--worker-apply-type', 'serial']);
    await ok(['sw-manager', 'sw-deploy-strategy', 'apply']);
    // Kill the controller while the second worker installs.
    await until('the second worker installing', async () => readdirSync(runs).length >= 2, 30_000);
    controller.process.kill('SIGKILL');
    await controller.exited;
    await start();
    await until('the strategy applied', async () => JSON.parse(await fetchStrategy()).state === 'applied', 90_000);
    const applied = JSON.parse(await fetchStrategy());
    const steps = (applied['apply-phase'].stages as Array<{ steps: Array<{ result: string }> }>).flatMap((s) => s.steps.map((st) => st.result));
    expect(new Set(steps)).toEqual(new Set(['success']));
    const installs = Object.fromEntries(readdirSync(runs).map((host) => [host, readFileSync(path.join(runs, host), 'utf8').trim().split('\n').length]));
    expect(installs).toEqual({ 'compute-0': 1, 'compute-1': 1, 'compute-2': 1 });
  }, 180_000);
});
