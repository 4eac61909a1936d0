import { internalContext } from '@murmuration/core';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createController, type Controller } from './app.js';
import { compileConfig, ConfigError, DEFAULT_LISTEN, type RawConfig } from './config.js';
import { lockDataDir, LockRefused, type DataDirLock } from './runtime/data-dir-lock.js';
import { writeOpenrc } from './runtime/openrc.js';

const VERSION = '0.1.0';

function defaultDataDir(): string {
  const base = process.env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'murmur');
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

interface UpOptions {
  listen?: string;
  data?: string;
  database?: string;
  config?: string;
  region?: string;
  systemMode?: string;
  advertiseUrl?: string;
  logLevel?: string;
  tokenTtl?: number;
  metricsPublic?: boolean;
  agent: boolean;
}

/**
 * Starts the agent of the machine the controller runs on, joining as controller-0 with a
 * bootstrap token it asks for only when it has not joined before. Returns how to stop it.
 */
export type LocalAgentStarter = (settings: {
  readonly controllerUrl: string;
  readonly stateDir: string;
  readonly hostname: string;
  readonly personality: string;
  readonly bootstrapToken: () => Promise<string>;
}) => Promise<{ stop(): Promise<void> }>;

function readConfigFile(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as RawConfig;
  } catch (error) {
    throw new ConfigError(`--config ${file} is not valid: ${(error as Error).message}`);
  }
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function up(options: UpOptions, localAgent: LocalAgentStarter | null): Promise<void> {
  const fromFile = options.config ? readConfigFile(options.config) : {};
  const raw: RawConfig = {
    ...fromFile,
    ...(options.listen !== undefined ? { listen: options.listen } : {}),
    ...(options.data !== undefined ? { dataDir: options.data } : {}),
    ...(options.database !== undefined ? { database: options.database } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.systemMode !== undefined ? { systemMode: options.systemMode } : {}),
    ...(options.advertiseUrl !== undefined ? { advertiseUrl: options.advertiseUrl } : {}),
    ...(options.logLevel !== undefined ? { logLevel: options.logLevel } : {}),
    ...(options.tokenTtl !== undefined ? { tokenTtlSeconds: options.tokenTtl } : {}),
    ...(options.metricsPublic !== undefined ? { metricsPublic: options.metricsPublic } : {}),
  };
  const config = compileConfig(raw, { dataDir: defaultDataDir(), softwareVersion: VERSION });
  const lock: DataDirLock = lockDataDir(config.dataDir);
  let controller: Controller;
  try {
    controller = await createController(config);
  } catch (error) {
    lock.release();
    throw error;
  }

  let stopping = false;
  let agent: { stop(): Promise<void> } | null = null;
  const stop = (signal: string) => {
    if (stopping) {
      say(`murmur: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    say(`murmur: ${signal} received, finishing in-flight requests`);
    const timer = setTimeout(() => {
      say('murmur: shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    (agent ? agent.stop().catch(() => undefined) : Promise.resolve())
      .then(() => controller.close())
      .then(() => {
        lock.release();
        controller.logger.info({ signal }, 'controller stopped');
        controller.logger.flush();
        process.exitCode = 0;
      })
      .catch((error: unknown) => {
        controller.logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  const base = await controller.listen();
  const authUrl = `${base}/identity/v3`;
  say(`murmur: controller listening on ${base} (data ${config.dataDir}, ${config.store.kind === 'sqlite' ? `SQLite ${config.store.file}` : 'PostgreSQL'})`);
  if (controller.firstStart) {
    const openrc = writeOpenrc(config.dataDir, {
      authUrl,
      username: 'admin',
      password: controller.firstStart.adminPassword,
      projectName: 'admin',
      region: config.region,
    });
    say(`murmur: first start. Admin user "admin", password (shown only now): ${controller.firstStart.adminPassword}`);
    say(`murmur: credentials written to ${openrc} (mode 0600). Load them with:  . ${openrc}`);
  }
  if (localAgent && options.agent) {
    agent = await localAgent({
      controllerUrl: base,
      stateDir: path.join(config.dataDir, 'agent'),
      hostname: 'controller-0',
      personality: 'controller',
      bootstrapToken: async () => {
        const ctx = internalContext('req-local-agent', '/up/local-agent');
        const { secret } = await controller.services.enrollment.createToken(ctx, { description: 'local agent of murmur up', expiresInSeconds: 600 });
        return secret;
      },
    }).catch((error: unknown) => {
      say(`murmur: the local agent could not start (${error instanceof Error ? error.message : String(error)}); the controller runs without it`);
      return null;
    });
    if (agent) say('murmur: local agent running: this machine is controller-0');
  }
  say(`murmur: ready. Try:  murmur system show`);
}

/** `murmur up`: parses its options and runs the controller until a signal stops it. */
export async function runControllerCommand(argv: readonly string[], localAgent: LocalAgentStarter | null = null): Promise<void> {
  const program = new Command('murmur up')
    .description('Start the controller: every service on one HTTP port, with embedded SQLite or PostgreSQL.')
    .option('--listen <host:port>', `address to listen on (default ${DEFAULT_LISTEN})`)
    .option('--data <dir>', `data directory: database, lock file, openrc (default ${defaultDataDir()})`)
    .option('--database <url>', 'postgres://user:pass@host:port/db to use PostgreSQL instead of embedded SQLite')
    .option('--config <file>', 'JSON file with settings (password policy, token lifetime, ...); flags override it')
    .option('--region <name>', 'region name in the service catalog (default RegionOne)')
    .option('--system-mode <mode>', 'simplex (one controller, the default), duplex or duplex-direct; recorded on the first start only')
    .option('--advertise-url <url>', 'base URL put in the catalog (default: the listen address)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default info)')
    .option('--token-ttl <seconds>', 'token lifetime in seconds (default 3600)', integer)
    .option('--metrics-public', 'serve /metrics without a token (for a Prometheus scraper)')
    .option('--no-agent', 'do not run the local host agent (which registers this machine as controller-0)')
    .version(VERSION)
    .showHelpAfterError()
    .action(async (options: UpOptions) => up(options, localAgent));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LockRefused) {
      say(`murmur up: ${error.message}`);
      process.exit(2);
    }
    say(`murmur up: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
