import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MURMUR_BIN, startController, stopController } from './support/murmur-process.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const isJson = (line: string): boolean => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};
const until = async (what: string, check: () => boolean): Promise<void> => {
  for (let i = 0; !check(); i++) {
    if (i > 600) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('murmur up logs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasScript)('on a terminal: readable log lines, no agent request at info, and the banner last', async () => {
    const data = path.join(dir, 'tty');
    // `script` gives the controller a terminal for stdout and stderr, as an operator's shell does.
    const child = spawn('script', ['-qefc', `${MURMUR_BIN} up --data ${data} --listen 127.0.0.1:0`, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await until('the controller to be ready and its agent to report', () => /murmur: ready/.test(screen) && /configuration generation \d+ applied/.test(screen));
    } finally {
      const lock = path.join(data, 'controller.lock');
      if (existsSync(lock)) process.kill((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid, 'SIGTERM');
      else child.kill('SIGKILL');
      await exited;
    }
    // eslint-disable-next-line no-control-regex -- colour codes of the pretty log lines
    const lines = screen.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/).filter(Boolean);
    expect(lines.filter(isJson)).toEqual([]);
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: first start: system record/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('request completed'))).toEqual([]);
    const banner = lines.findIndex((l) => l.startsWith('murmur: controller listening on'));
    const ready = lines.findIndex((l) => l.startsWith('murmur: ready'));
    const said = lines.slice(banner, ready + 1).map((l) => /^murmur: (controller listening|first start|credentials written|local agent running|ready)/.exec(l)?.[1]);
    expect(said).toEqual(['controller listening', 'first start', 'credentials written', 'local agent running', 'ready']);
    const listening = lines.findIndex((l) => l.includes('INFO: Server listening at'));
    expect(listening).toBeGreaterThan(-1);
    expect(listening).toBeLessThan(banner);
  });

  it('on a pipe: JSON lines; agent requests at debug only; --log-format pretty asks for readable lines anyway', async () => {
    const json = await startController(['--data', path.join(dir, 'json'), '--log-level', 'debug'], {}, { localAgent: true });
    try {
      await until('the local agent to report', () => json.stdout().includes('/agent/v1/hosts/'));
    } finally {
      await stopController(json);
    }
    const entries = json.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string; path?: string });
    const requests = entries.filter((e) => e.msg === 'request completed' && e.path?.startsWith('/agent/'));
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((e) => e.level))).toEqual(new Set([20]));

    const pretty = await startController(['--data', path.join(dir, 'pretty'), '--log-format', 'pretty']);
    await stopController(pretty);
    const lines = pretty.stdout().split('\n').filter(Boolean);
    expect(lines.filter(isJson)).toEqual([]);
    expect(lines.some((l) => /INFO.*: first start/.test(l))).toBe(true);
  });

  it('refuses an unknown --log-format, naming the formats (exit 2)', async () => {
    const bad = spawnSync(MURMUR_BIN, ['up', '--data', path.join(dir, 'bad'), '--log-format', 'xml'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--log-format must be one of json, pretty, got "xml"');
  });
});
