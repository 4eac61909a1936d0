import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { murmur, murmurOk } from './support/murmur-process.js';

/** The launcher the units must run with node: the one of this checkout. */
const MURMUR_ENTRY = path.resolve(import.meta.dirname, '../packages/cli/bin/murmur.js');

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!analyze) console.warn('systemd-analyze is not installed (apt-get install systemd): the units written are not checked by systemd here');

/** `systemd-analyze verify`: exit 0 and not one warning. */
function verify(unit: string): { status: number | null; output: string } {
  const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** As root, not through sudo: the units get no User= line. */
const NOT_SUDO = { SUDO_USER: '' };

/** The setting's value in a unit file. */
const setting = (text: string, key: string): string | undefined => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];

describe('murmur service install: systemd units that run the controller and the agent directly', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-service-'));
  const units = path.join(dir, 'units');
  const data = path.join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a controller unit that runs node on the murmur entry (no npx), restarts on failure and not on a usage error', async () => {
    const said = await murmurOk(['service', 'install', '--unit-dir', units, '--data', data, '--listen', '127.0.0.1:0'], NOT_SUDO);
    const file = path.join(units, 'murmur-controller.service');
    expect(said).toContain(`Wrote ${file}`);
    expect(said).toContain('systemctl daemon-reload && systemctl enable --now murmur-controller');
    const unit = readFileSync(file, 'utf8');
    expect(setting(unit, 'ExecStart')).toBe(`${process.execPath} ${MURMUR_ENTRY} up --data ${data} --listen 127.0.0.1:0 --log-format json`);
    expect(setting(unit, 'Restart')).toBe('on-failure');
    expect(setting(unit, 'RestartPreventExitStatus')).toBe('2');
    expect(setting(unit, 'KillSignal')).toBe('SIGTERM');
    expect(setting(unit, 'WantedBy')).toBe('multi-user.target');
    expect(await murmurOk(['service', 'install', '--data', data, '--listen', '127.0.0.1:0', '--print'], NOT_SUDO)).toBe(unit);
  });

  it('runs what the unit runs: the process SIGTERM reaches is the controller, which stops cleanly', async () => {
    const words = setting(readFileSync(path.join(units, 'murmur-controller.service'), 'utf8'), 'ExecStart')!.split(' ');
    const child = spawn(words[0]!, words.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    for (let i = 0; !/murmur: ready/.test(err); i++) {
      if (i > 600) throw new Error(`the controller did not start:\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const lock = JSON.parse(readFileSync(path.join(data, 'controller.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(child.pid);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(data, 'controller.lock'))).toBe(false);
  });

  it('writes an agent unit that keeps the bootstrap token in its file, quoted for systemd', async () => {
    const tokens = path.join(dir, 'secrets 100%');
    mkdirSync(tokens);
    await murmurOk(['service', 'install-agent', '--unit-dir', units, '--controller', 'http://192.0.2.10:6385', '--bootstrap-token-file', path.join(tokens, 'token'), '--hostname', 'compute-7'], NOT_SUDO);
    const unit = readFileSync(path.join(units, 'murmur-agent.service'), 'utf8');
    expect(setting(unit, 'ExecStart')).toBe(
      `${process.execPath} ${MURMUR_ENTRY} agent --controller http://192.0.2.10:6385 --bootstrap-token-file "${tokens.replace('%', '%%')}/token" --hostname compute-7`,
    );
    expect(setting(unit, 'Restart')).toBe('on-failure');
    // Installed through sudo, the service runs as the user who ran sudo.
    const asSudoer = await murmurOk(['service', 'install-agent', '--controller', 'http://192.0.2.10:6385', '--print'], { SUDO_USER: 'operator' });
    expect(setting(asSudoer, 'User')).toBe(process.getuid?.() === 0 ? 'operator' : os.userInfo().username);
    expect(setting(await murmurOk(['service', 'install-agent', '--controller', 'http://192.0.2.10:6385', '--run-as', 'murmur', '--print'], {}), 'User')).toBe('murmur');
  });

  it.skipIf(!analyze)('writes units that systemd-analyze verify accepts without a warning', () => {
    for (const name of ['murmur-controller', 'murmur-agent']) expect({ name, ...verify(path.join(units, `${name}.service`)) }).toEqual({ name, status: 0, output: '' });
  });

  it('says why it cannot write a unit (exit 2)', async () => {
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    const refused = await murmur(['service', 'install', '--unit-dir', path.join(blocked, 'sub')], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^Error: cannot write .*sub\/murmur-controller\.service: (ENOTDIR|EEXIST)/);
  });
});
