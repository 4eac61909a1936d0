// What the benchmarks share: the built controller as a child process, an admin token, and
// CPU, memory and statistics helpers. Plain JavaScript, so that a benchmark runs with node alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const murmurBin = path.join(root, 'packages/cli/bin/murmur.js');

/** Exits with a message unless the packages have been built. */
export function requireBuild() {
  if (!existsSync(path.join(root, 'packages/server/dist/main.js'))) {
    console.error('bench: build first (npm ci, or npx tsc -b)');
    process.exit(2);
  }
}

/** CPU time (user + system) a process has used, in clock ticks of 1/100 s. */
export function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
export const TICKS_PER_SECOND = 100;

export function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Starts `murmur up` on embedded SQLite in a scratch directory (logs to a file there), with
 * default settings or those of `config` (the `--config` file's contents), without the local
 * agent unless `localAgent`, and resolves once it
 * is ready, with its URL, its data directory and an admin token. `stop()` ends it and removes
 * the directory.
 */
export async function startController({ config, localAgent = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-bench-'));
  const data = path.join(dir, 'data');
  const args = ['up', '--listen', '127.0.0.1:0', '--data', data, ...(localAgent ? [] : ['--no-agent'])];
  if (config !== undefined) {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'config.json'));
  }
  const child = spawn(process.execPath, [murmurBin, ...args], {
    stdio: ['ignore', openSync(path.join(dir, 'controller.log'), 'w'), 'pipe'],
  });
  let banner = '';
  child.stderr.on('data', (c) => (banner += c));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`controller did not start:\n${banner}`)), 60_000);
      child.stderr.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(banner);
        if (m && /murmur: ready/.test(banner)) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`controller exited ${code}:\n${banner}`)));
    });
    const password = /password \(shown only now\): (\S+)/.exec(banner)[1];
    const token = await adminToken(url, password);
    return { child, url, dir, data, token, password, stop, api: (method, route, body) => apiCall(url, token, method, route, body) };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One JSON request to the controller as admin; the parsed answer, or an error naming the request. */
async function apiCall(url, token, method, route, body) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { 'x-auth-token': token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Starts `count` hollow hosts (`murmur agent --hollow`) in one process against the controller,
 * each with a bootstrap token of its own, named compute-<first>… ; logs to <dir>/agent.log.
 */
export async function spawnHollowAgents(controller, { count, first = 0, dir, profile = 'small-aio' }) {
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push((await controller.api('POST', '/sysinv/v1/host_bootstrap_tokens', {})).token);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tokens'), tokens.join('\n'));
  return spawn(
    process.execPath,
    [murmurBin, 'agent', '--controller', controller.url, '--hollow', String(count), '--first-index', String(first), '--profile', profile,
      '--bootstrap-token-file', path.join(dir, 'tokens'), '--state-dir', dir, '--inventory-interval', '3600'],
    { stdio: ['ignore', 'ignore', openSync(path.join(dir, 'agent.log'), 'w')] },
  );
}

async function adminToken(url, password) {
  const res = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('x-subject-token');
}
