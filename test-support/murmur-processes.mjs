// Real `murmur` processes for the end-to-end suites and the benchmarks: one way to start a
// controller and wait for it, to stop it by its own PID, to log in, and to start hollow hosts and
// hollow subclouds.
// Plain JavaScript (typed by murmur-processes.d.mts) so that a benchmark runs with node alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * The `murmur` executable as `npm ci` installs it (what `npx murmur` runs: `.bin/murmur` links to the workspace
 * package's file, named here through the workspace link so that a checkout whose `.bin` is shared with another runs
 * its own), else the package's own.
 */
export const MURMUR_BIN = existsSync(path.join(ROOT, 'node_modules/@murmuration/cli/bin/murmur.js'))
  ? path.join(ROOT, 'node_modules/@murmuration/cli/bin/murmur.js')
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
 * Resolves with what `ready` reads in the process's standard error once it reads something there; rejects when the
 * process fails or exits first, or after READY_TIMEOUT_MS.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<Exit>} exited
 * @param {() => string} stderr  what it has written so far
 * @param {string} what  the process, as an error message names it
 * @param {(stderr: string) => string | null} ready
 * @returns {Promise<string>}
 */
function untilReady(child, exited, stderr, what, ready) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${READY_TIMEOUT_MS / 1000} s:\n${stderr()}`)), READY_TIMEOUT_MS);
    child.stderr?.on('data', () => {
      const found = ready(stderr());
      if (found !== null) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before ready:\n${stderr()}`));
    });
  });
}

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
  const url = await untilReady(child, exited, () => err, 'controller', (text) => {
    const listening = /controller listening on (http:\/\/\S+)/.exec(text);
    return listening && /murmur: ready/.test(text) ? String(listening[1]) : null;
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

/**
 * @typedef {{ index: number, name: string, url: string, join_token: string, region_name: string }} HollowManifestLine
 * @typedef {Partial<Record<'identity' | 'platform' | 'software', string | null>>} HollowDigests
 * @typedef {object} HollowControl  the hollow subclouds' control API (`/hollow/v1/` on 127.0.0.1)
 * @property {() => Promise<HollowStats>} stats
 * @property {() => Promise<void>} resetStats
 * @property {(count: number) => Promise<number[]>} change  changes the alarm counts of `count` random subclouds;
 *   their indices
 * @property {(indices: readonly number[], mode?: 'refuse' | 'hang') => Promise<void>} kill
 * @property {(indices: readonly number[]) => Promise<void>} revive
 * @property {(indices: readonly number[], kind?: 'invalid-json' | 'huge') => Promise<void>} garbage
 * @property {(indices: readonly number[]) => Promise<string[]>} joinTokens  a new join token of each subcloud
 * @property {(indices: readonly number[], digests: HollowDigests) => Promise<void>} sync  the digests they report, as
 *   if a sync had brought them (null: what they hold)
 * @property {(indices: readonly number[]) => Promise<{ tokens: (string | null)[], etags: string[] }>} tokens
 *   a token of each joined subcloud's account and its current ETag
 * @property {(indices: readonly number[]) => Promise<void>} failDeploy  their next apply of a VIM sw-deploy strategy
 *   ends apply-failed
 * @property {(indices: readonly number[], releases: readonly HollowGivenRelease[]) => Promise<void>} releases  they
 *   hold these releases, as if uploaded or prestaged
 * @typedef {{ release_id: string, sw_version: string, state?: string }} HollowGivenRelease
 * @typedef {{ requests: Record<string, Record<string, number>>, refusedConnections: number, hanging: number,
 *   audits: number[], logins: number[], strategyCreates: number[], strategyApplies: number[], releaseUploads: number[],
 *   prestageChunks: number[], prestagesCompleted: number[], prestageChunksInFlight: number,
 *   prestageChunksInFlightMax: number, joined: number }} HollowStats
 * @typedef {object} HollowSubcloudsProcess
 * @property {import('node:child_process').ChildProcess} process
 * @property {number} port
 * @property {HollowManifestLine[]} manifest  one line per subcloud, by index
 * @property {string[]} urls  subcloud i's base URL at index i
 * @property {string} controlUrl
 * @property {HollowControl} control
 * @property {() => string} stderr
 * @property {Promise<Exit>} exited
 * @property {(signal?: NodeJS.Signals) => Promise<Exit>} stop  signals the process by its own PID, waits for it to end
 * and removes its manifest
 */

/** Hollow subcloud processes not stopped yet: killed by their PIDs when this process exits, a failed test's too. */
const hollowProcesses = new Set();
process.once('exit', () => {
  for (const child of hollowProcesses) child.kill('SIGKILL');
});

/**
 * One JSON request to a hollow control API; the parsed answer (null for none).
 * @param {string} controlUrl
 * @param {string} route
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function hollowControlCall(controlUrl, route, body) {
  const res = await fetch(`${controlUrl}/${route}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`hollow control ${route}: ${res.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

/**
 * Starts `murmur hollow-subclouds --count <count>` as a process of its own (listening on 0.0.0.0:<port>, a free port by
 * default; subcloud i at <firstAddress + i>) and resolves once it is ready, with its manifest and a control client.
 * `deploySeconds` is how long the apply of a VIM sw-deploy strategy takes on each; `releaseKey` a key file (PEM)
 * uploaded releases must be signed with.
 * @param {{ count: number, port?: number, firstAddress?: string, seed?: string, softwareVersion?: string,
 *   deploySeconds?: number, releaseKey?: string, extraArgs?: readonly string[] }} options
 * @returns {Promise<HollowSubcloudsProcess>}
 */
export async function startHollowSubclouds({
  count, port = 0, firstAddress, seed, softwareVersion, deploySeconds, releaseKey, extraArgs = [],
}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-hollow-'));
  const manifestFile = path.join(dir, 'manifest.jsonl');
  const args = ['hollow-subclouds', '--count', String(count), '--listen', `0.0.0.0:${port}`, '--manifest', manifestFile];
  if (firstAddress !== undefined) args.push('--first-address', firstAddress);
  if (seed !== undefined) args.push('--seed', seed);
  if (softwareVersion !== undefined) args.push('--software-version', softwareVersion);
  if (deploySeconds !== undefined) args.push('--deploy-seconds', String(deploySeconds));
  if (releaseKey !== undefined) args.push('--release-key', releaseKey);
  const child = spawn(MURMUR_BIN, [...args, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  hollowProcesses.add(child);
  let err = '';
  const stderr = /** @type {import('node:stream').Readable} */ (child.stderr);
  stderr.on('data', (chunk) => (err += chunk.toString()));
  /** @type {Promise<Exit>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    hollowProcesses.delete(child);
    resolve({ code, signal });
  }));
  const stop = async (/** @type {NodeJS.Signals} */ signal = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const exit = await exited;
    rmSync(dir, { recursive: true, force: true });
    return exit;
  };
  try {
    const controlUrl = await untilReady(child, exited, () => err, 'hollow subclouds', (text) => {
      const control = /control API of the hollow subclouds: (http:\/\/\S+?)\/?$/m.exec(text);
      return control && /murmur hollow-subclouds: ready/.test(text) ? String(control[1]) : null;
    });
    /** @type {HollowManifestLine[]} */
    const manifest = readFileSync(manifestFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    /** @type {(route: string, body?: unknown) => Promise<any>} */
    const call = (route, body) => hollowControlCall(controlUrl, route, body);
    return {
      process: child,
      port: Number(new URL(controlUrl).port),
      manifest,
      urls: manifest.map((line) => line.url),
      controlUrl,
      control: {
        stats: () => call('stats'),
        resetStats: async () => void (await call('stats/reset', {})),
        change: async (n) => (await call('change', { count: n })).changed,
        kill: async (indices, mode) => void (await call('kill', { indices, ...(mode ? { mode } : {}) })),
        revive: async (indices) => void (await call('revive', { indices })),
        garbage: async (indices, kind) => void (await call('garbage', { indices, ...(kind ? { kind } : {}) })),
        joinTokens: async (indices) => (await call('join-tokens', { indices })).join_tokens,
        sync: async (indices, digests) => void (await call('sync', { indices, digests })),
        tokens: (indices) => call('tokens', { indices }),
        failDeploy: async (indices) => void (await call('fail-deploy', { indices })),
        releases: async (indices, releases) => void (await call('releases', { indices, releases })),
      },
      stderr: () => err,
      exited,
      stop,
    };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}
