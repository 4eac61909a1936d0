import { internalContext, isAppError } from '@murmuration/core/common';
import { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { configuredBaseUrl, openDataDirAdmin } from './app.js';
import { compileConfig, ConfigError, type ServerConfig } from './config.js';
import { commandLineConfig, defaultDataDir } from './runtime/command-config.js';
import { lockDataDir, LockRefused, type DataDirLock } from './runtime/data-dir-lock.js';
import { readOpenrc, writeOpenrc } from './runtime/openrc.js';

const VERSION = '0.1.0';

/** The user `murmur up` creates on the first start, whose password `reset-password` replaces. */
const ADMIN = 'admin';

/** A refusal with a reason an operator can act on: exit status 1, nothing changed. */
class AdminRefused extends Error {
  override readonly name = 'AdminRefused';
}

interface DataOptions {
  data?: string;
  database?: string;
  config?: string;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function configOf(options: DataOptions): ServerConfig {
  const raw = commandLineConfig(options.config, { dataDir: options.data, database: options.database });
  return compileConfig(raw, { dataDir: defaultDataDir(), softwareVersion: VERSION });
}

/**
 * Gives the admin user a new password on a stopped controller's data: the new password is
 * printed once and written to the data directory's openrc, the admin's lockout is lifted and
 * its tokens revoked, and the audit log records the reset. The data directory is locked
 * meanwhile, so no controller starts on it halfway through; a running controller makes it refuse.
 */
async function resetPassword(options: DataOptions): Promise<void> {
  const config = configOf(options);
  if (config.store.kind === 'sqlite' && !existsSync(config.store.file)) {
    throw new AdminRefused(`no controller database at ${config.store.file}: give the --data directory (and --database, --config) that murmur up uses`);
  }
  let lock: DataDirLock;
  try {
    lock = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof LockRefused) || !error.holder) throw error;
    throw new AdminRefused(
      `the controller using ${config.dataDir} is running (pid ${error.holder.pid}): stop it first (systemctl stop murmur-controller, or Ctrl-C where it runs), then reset the password`,
    );
  }
  try {
    const admin = await openDataDirAdmin(config);
    try {
      const ctx = internalContext(`req-${randomUUID()}`, '/admin/reset-password');
      const { password } = await admin.identity.users.resetPassword(ctx, ADMIN).catch((error: unknown) => {
        if (isAppError(error) && error.code === 'NOT_FOUND') throw new AdminRefused(`the database of ${config.dataDir} has no user ${ADMIN}: was this controller ever started?`);
        throw error;
      });
      const before = readOpenrc(config.dataDir);
      const openrc = writeOpenrc(config.dataDir, {
        authUrl: before?.['OS_AUTH_URL'] ?? `${configuredBaseUrl(config)}/identity/v3`,
        username: ADMIN,
        password,
        projectName: 'admin',
        region: before?.['OS_REGION_NAME'] ?? config.region,
      });
      say(`murmur admin: the password of user "${ADMIN}" was reset; its tokens are revoked and any lockout is lifted. New password (shown only now): ${password}`);
      say(`murmur admin: credentials written to ${openrc} (mode 0600). Load them with:  . ${openrc}`);
    } finally {
      await admin.close();
    }
  } finally {
    lock.release();
  }
}

function dataOptions(command: Command): Command {
  return command
    .option('--data <dir>', `data directory of the controller (default ${defaultDataDir()})`)
    .option('--database <url>', 'the postgres://… URL the controller uses, if it uses PostgreSQL')
    .option('--config <file>', 'the JSON settings file the controller uses (for its password hashing cost)');
}

/** `murmur admin …`: work on a controller's data directory by whoever can read and write it. */
export async function runAdminCommand(argv: readonly string[]): Promise<void> {
  const program = new Command('murmur admin')
    .description("Work on a controller's data directory, with local access to it; the controller must be stopped")
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const reset = dataOptions(
    program
      .command('reset-password')
      .description(
        'Give the admin user a new random password, printed once and written to <data>/openrc; lifts its lockout and revokes its tokens. ' +
          'Recorded in the audit log. Refused while a controller runs on the data directory (with PostgreSQL, stop every controller on the database).',
      ),
  ).action(async (options: DataOptions) => resetPassword(options));
  for (const command of [program, reset]) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') {
      process.exitCode = code === 'commander.help' ? 2 : 0;
      return;
    }
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = 2;
      return;
    }
    if (error instanceof ConfigError) {
      say(`murmur admin: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    say(`murmur admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
