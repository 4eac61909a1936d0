import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The `murmur` executable as installed by `npm ci` (what `npx murmur` runs). */
export const MURMUR_BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin/murmur');

export interface RunningController {
  readonly process: ChildProcess;
  readonly url: string;
  /** The admin password, when this start was the first one. */
  readonly adminPassword: string | null;
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `murmur up` as a real process and waits until it listens. */
export async function startController(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: { localAgent?: boolean } = {}): Promise<RunningController> {
  // Suites that are not about hosts run without the local agent, so that the machine running
  // the tests does not appear as controller-0 with its alarms.
  const agentArgs = options.localAgent === true ? [] : ['--no-agent'];
  const child = spawn(MURMUR_BIN, ['up', '--listen', '127.0.0.1:0', ...agentArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controller did not start in 60 s:\n${err}`)), 60_000);
    const check = () => {
      const ready = /murmur: ready/.test(err);
      const listening = /controller listening on (http:\/\/\S+)/.exec(err);
      if (ready && listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stderr!.on('data', check);
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
  return { process: child, url, adminPassword: password ? password[1]! : null, stderr: () => err, stdout: () => out, exited };
}

/** Stops a controller with a signal and waits for it to end. */
export async function stopController(controller: RunningController, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (controller.process.exitCode === null && controller.process.signalCode === null) controller.process.kill(signal);
  return controller.exited;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command as a real process and collects its output. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs one `murmur …` command as a real process. */
export function murmur(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runProcess(MURMUR_BIN, args, { ...process.env, ...env });
}

/** A token for the admin user on the admin project, straight from the identity API. */
export async function adminToken(url: string, password: string): Promise<string> {
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
  return res.headers.get('x-subject-token')!;
}

/** The OS_* variables of an openrc file, as `. openrc` would export them. */
export function readOpenrc(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^export (OS_[A-Z_]+)='((?:[^']|'\\'')*)'$/.exec(line);
    if (match) env[match[1]!] = match[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

/** Runs one `murmur …` command that must succeed; its standard output. */
export async function murmurOk(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await murmur(args, env);
  if (result.code !== 0) throw new Error(`murmur ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}
