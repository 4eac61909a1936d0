import { AppError, isAppError } from '@murmuration/core/common';
import { FmApi } from '@murmuration/client';
import { InvalidArgumentError, type Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { connect } from '../connection.js';

/** The fm API of the controller the command's options point at. */
export function fmApi(command: Command): FmApi {
  return new FmApi(connect(command).session);
}

/**
 * Runs a request on one resource, turning the server's 404 into fm's own wording
 * (`Alarm not found: <uuid>`). Other failures, a missing catalog entry included, pass through.
 */
export async function orNotFound<T>(request: Promise<T>, message: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND' && error.details?.['status'] === 404) throw new AppError('NOT_FOUND', message, error.details);
    throw error;
  }
}

/**
 * fm's confirmation for high-risk commands: asked only on a terminal and without `--yes`;
 * anything but `yes` cancels (exit status 0, as fm does).
 */
export async function confirmed(yes: boolean | undefined): Promise<boolean> {
  if (yes || !process.stdin.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('WARNING: This is a high-risk operation that may cause a service interruption or remove critical resources.\nDo you want to continue? (yes/No): ');
    if (answer.trim() === 'yes') return true;
  } finally {
    rl.close();
  }
  console.log('Operation cancelled.');
  return false;
}

/** Commander parser for a positive integer option. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Help lines for the fm-compatible options murmur accepts without needing them. */
export const NOWRAP_HELP = 'do not wrap long text to the terminal width (pipes are never wrapped)';
export const NOPAGING_HELP = 'accepted for fm compatibility: murmur never pages its output';
export const YES_HELP = 'do not ask for confirmation (asked only on a terminal)';
