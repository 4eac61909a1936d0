// What the benchmarks share: the built controller as a child process, an admin token, and
// CPU, memory and statistics helpers. Plain JavaScript, so that a benchmark runs with node alone.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminToken, spawnHollowAgents as spawnHollow, startMurmur } from '../test-support/murmur-processes.mjs';

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

/**
 * How long a process's main thread has run, and waited runnable for a CPU, in seconds (`/proc/PID/schedstat`): a
 * wait much longer than the run says the machine was too busy for the figures to be the program's.
 */
export function schedSeconds(pid) {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { run: run / 1e9, wait: wait / 1e9 };
}

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
  const args = ['--data', data];
  if (config !== undefined) {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'config.json'));
  }
  let running = null;
  const stop = async () => {
    if (running) await running.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    running = await startMurmur(args, { localAgent, logFile: path.join(dir, 'controller.log') });
    const { url, adminPassword: password } = running;
    const token = await adminToken(url, password);
    return {
      child: running.process,
      url,
      dir,
      data,
      token,
      password,
      stop,
      api: (method, route, body) => apiCall(url, token, method, route, body),
    };
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
export function spawnHollowAgents(controller, { count, first = 0, dir, profile = 'small-aio' }) {
  const newToken = async () => (await controller.api('POST', '/sysinv/v1/host_bootstrap_tokens', {})).token;
  return spawnHollow({ url: controller.url, newToken, count, first, dir, profile, extraArgs: ['--inventory-interval', '3600'] });
}
