import { DcmanagerApi } from '@murmuration/client';
import { AppError, isAppError } from '@murmuration/core/common';
import { InvalidArgumentError, type Command } from 'commander';
import { connect } from '../connection.js';
import { UsageError } from '../usage-error.js';
import { confirmed } from './fm-common.js';

/** The dcmanager API of the system controller the command's options point at. */
export function dcmanagerApi(command: Command): DcmanagerApi {
  return new DcmanagerApi(connect(command).session);
}

/**
 * Runs a request, adding to a failure's message what could not be done (`Unable to manage
 * subcloud sc-1`), as dcmanager's commands do. The error keeps its code, so its exit status.
 */
export async function orUnable<T>(request: Promise<T>, what: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new AppError(error.code, `${error.message}\nUnable to ${what}`, error.details, { cause: error });
  }
}

/** A subcloud or group reference: dcmanager refuses an empty one before any request. */
export function reference(kind: 'Subcloud' | 'Subcloud group', value: string): string {
  if (value.trim() === '') throw new UsageError(`${kind} cannot be an empty value.`);
  return value;
}

export const YES_HELP = 'do not ask for confirmation (asked only with CLI_CONFIRMATIONS=enabled, on a terminal)';

/**
 * dcmanager's confirmation of high-risk commands: asked only when `CLI_CONFIRMATIONS=enabled`,
 * on a terminal and without `--yes`. A refusal ends the command with exit status 1.
 */
export async function confirmedHighRisk(yes: boolean | undefined): Promise<boolean> {
  if (process.env['CLI_CONFIRMATIONS'] !== 'enabled' || (await confirmed(yes))) return true;
  process.exitCode = 1;
  return false;
}

/** Commander parser of a number within bounds (latitude, longitude). */
export function numberWithin(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    }
    return n;
  };
}
