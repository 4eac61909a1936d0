// Real `murmur` processes for the end-to-end suites and the benchmarks: one way to start a
// controller and wait for it, to stop it by its own PID, to log in, and to start hollow hosts.
// Plain JavaScript (typed by murmur-processes.d.mts) so that a benchmark runs with node alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** The `murmur` executable as `npm ci` installs it (what `npx murmur` runs), else the package's own. */
export const MURMUR_BIN = existsSync(path.join(ROOT, 'node_modules/.bin/murmur'))
  ? path.join(ROOT, 'node_modules/.bin/murmur')
  : path.join(ROOT, 'packages/cli/bin/murmur.js');

const READY_TIMEOUT_MS = 60_000;

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit
 * @typedef {object} MurmurProcess
 * @property {import('node:child_process').ChildProcess} process
 * @property {string} url
 * @property {string | null} adminPassword  the admin password, when this start was the first one
 * @property {() => string} stderr
 * @property {() => string} stdout
 * @property {Promise<Exit>} exited  resolves with the exit code (or signal) once the process has ended
 * @property {(signal?: NodeJS.Signals) => Promise<Exit>} stop  signals the controller's own process and waits for it to
 * end
 */

/**
 * Starts `murmur up --listen 127.0.0.1:0` with `args` and resolves once it says it is ready.
 * Without `localAgent` it runs with `--no-agent`, so the machine running the tests does not join
 * as controller-0. Standard output goes to `logFile` when given, else it is collected.
 */
/**
 * @param {readonly string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, localAgent?: boolean, logFile?: string }} [options]
 * @returns {Promise<MurmurProcess>}
 */
export async function startMurmur(args, options = {}) {
  const agentArgs = options.localAgent === true ? [] : ['--no-agent'];
  const stdout = options.logFile ? openSync(options.logFile, 'w') : 'pipe';
  const child = spawn(MURMUR_BIN, ['up', '--listen', '127.0.0.1:0', ...agentArgs, ...args], {
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let out = '';
  let err = '';
  const stderr = /** @type {import('node:stream').Readable} */ (child.stderr);
  child.stdout?.on('data', (chunk) => (out += chunk.toString()));
  stderr.on('data', (chunk) => (err += chunk.toString()));
  /** @type {Promise<Exit>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  /** @type {string} */
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controller did not start in ${READY_TIMEOUT_MS / 1000} s:\n${err}`)), READY_TIMEOUT_MS);
    stderr.on('data', () => {
      const listening = /controller listening on (http:\/\/\S+)/.exec(err);
      if (listening && /murmur: ready/.test(err)) {
        clearTimeout(timer);
        resolve(String(listening[1]));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`controller exited (${code ?? signal}) before it was ready:\n${err}`));
    });
  });
  const password = /password \(shown only now\): (\S+)/.exec(err);
  return {
    process: child,
    url,
    adminPassword: password?.[1] ?? null,
    stderr: () => err,
    stdout: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A token for the admin user on the admin project, straight from the identity API.
 * @param {string} url
 * @param {string} password
 * @returns {Promise<string>}
 */
export async function adminToken(url, password) {
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
  if (res.status !== 201) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return /** @type {string} */ (res.headers.get('x-subject-token'));
}

/**
 * Starts `count` hollow hosts (`murmur agent --hollow`) in one process against the controller
 * at `url`, each with a bootstrap token of its own (`newToken()` makes one), named
 * <prefix><first>…; the agent logs to <dir>/agent.log.
 * @param {{ url: string, newToken: () => Promise<string>, count: number, first?: number, dir: string, profile?: string,
 * extraArgs?: readonly string[] }} options
 */
export async function spawnHollowAgents({ url, newToken, count, first = 0, dir, profile = 'small-aio', extraArgs = [] }) {
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push(await newToken());
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tokens'), tokens.join('\n'));
  return spawn(
    MURMUR_BIN,
    ['agent', '--controller', url, '--hollow', String(count), '--first-index', String(first), '--profile', profile,
      '--bootstrap-token-file', path.join(dir, 'tokens'), '--state-dir', dir, ...extraArgs],
    { stdio: ['ignore', 'ignore', openSync(path.join(dir, 'agent.log'), 'w')] },
  );
}
