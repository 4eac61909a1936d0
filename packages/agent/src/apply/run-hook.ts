import { HOOK_OUTPUT_MAX } from '@murmuration/core/software';
import { spawn } from 'node:child_process';
import path from 'node:path';

/** What went wrong with a hook, and the end of what it wrote to its standard error. */
export interface HookFailure {
  readonly message: string;
  readonly output: string | null;
}

/**
 * How long the standard error may stay open once the hook has exited: what the hook itself
 * wrote is already in the pipe and is read at once; only a process it left running keeps the
 * pipe open longer, and is not waited for.
 */
const STDERR_DRAIN_MS = 2000;
const LAST_LINE_MAX = 300;

/**
 * Runs a hook of a release in its slot, in a process group of its own (killed whole at the
 * timeout). Null when it succeeded, else what went wrong with its standard error. The verdict
 * waits for the end of the standard error, which can come after the exit: an answer given at
 * the exit would sometimes miss the last of what the hook wrote.
 */
export function runHook(
  slotDir: string,
  hook: string,
  releaseId: string,
  timeoutMs: number,
): Promise<HookFailure | null> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', [path.join(slotDir, hook)], {
      cwd: slotDir,
      env: { ...process.env, MURMUR_RELEASE: releaseId, MURMUR_SLOT: slotDir },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-HOOK_OUTPUT_MAX)));
    let drain: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (failure: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      const output = stderr.trimEnd();
      if (failure === null) resolve(null);
      else resolve({ message: failure, output: output === '' ? null : output });
    };
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      settle(`${hook} did not finish within ${timeoutMs / 1000} s and was killed`);
    }, timeoutMs);
    child.once('error', (error) => settle(`${hook} could not run: ${error.message}`));

    let exit: string | null | undefined;
    const verdict = (): void => {
      if (exit === undefined) return;
      // The reason quotes the last line (its end, when long); the output keeps the rest.
      const last = stderr.trim().split('\n').at(-1)?.slice(-LAST_LINE_MAX);
      settle(exit === null ? null : `${exit}${last ? `: ${last}` : ''}`);
    };
    child.once('exit', (code, signal) => {
      exit = code === 0 ? null : `${hook} failed (${signal ?? `exit ${code}`})`;
      drain = setTimeout(() => {
        child.stderr.destroy();
        verdict();
      }, STDERR_DRAIN_MS);
    });
    // After the exit and the end of every stream the hook holds.
    child.once('close', verdict);
  });
}
