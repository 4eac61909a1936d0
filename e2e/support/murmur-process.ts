import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MURMUR_BIN, adminToken, startMurmur, type Exit, type MurmurProcess } from '../../test-support/murmur-processes.mjs';

export { MURMUR_BIN, adminToken };

export type RunningController = MurmurProcess;

/** Starts `murmur up` as a real process and waits until it listens. */
export function startController(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { localAgent?: boolean } = {},
): Promise<RunningController> {
  return startMurmur(args, { env, ...options });
}

/** Stops a controller with a signal and waits for it to end. */
export function stopController(controller: RunningController, signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
  return controller.stop(signal);
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
