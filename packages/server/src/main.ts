import { internalContext } from '@murmuration/core/common';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { configuredBaseUrl, createController, type Controller } from './app.js';
import { compileConfig, ConfigError, DEFAULT_LISTEN, type ServerConfig } from './config.js';
import { commandLineConfig, defaultDataDir } from './runtime/command-config.js';
import { lockDataDir, LockRefused, type DataDirLock } from './runtime/data-dir-lock.js';
import { openrcFile, writeOpenrc, type OpenrcFacts } from './runtime/openrc.js';

const VERSION = '0.1.0';

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
  role?: string;
  advertiseUrl?: string;
  logLevel?: string;
  logFormat?: string;
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

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Why the port could not be taken, in an operator's words. */
function listenProblem(config: ServerConfig, error: unknown): string {
  const address = `${config.listen.host}:${config.listen.port}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `${address} is already in use by another program; stop it or give --listen another address`;
    case 'EACCES':
      return `${address} needs privileges this user does not have (ports below 1024 do); give --listen another port`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this machine`;
    default:
      return `cannot listen on ${address}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function openrcFacts(config: ServerConfig, base: string, password: string): OpenrcFacts {
  return { authUrl: `${base}/identity/v3`, username: 'admin', password, projectName: 'admin', region: config.region };
}

async function up(options: UpOptions, localAgent: LocalAgentStarter | null): Promise<void> {
  const raw = commandLineConfig(options.config, {
    listen: options.listen,
    dataDir: options.data,
    database: options.database,
    region: options.region,
    systemMode: options.systemMode,
    role: options.role,
    advertiseUrl: options.advertiseUrl,
    logLevel: options.logLevel,
    logFormat: options.logFormat,
    tokenTtlSeconds: options.tokenTtl,
    metricsPublic: options.metricsPublic,
  });
  // People at a terminal read the logs; anything else (journald, a pipe, a file) gets JSON lines.
  const config = compileConfig(raw, { dataDir: defaultDataDir(), softwareVersion: VERSION, logFormat: process.stdout.isTTY ? 'pretty' : 'json' });
  const lock: DataDirLock = lockDataDir(config.dataDir);
  let controller: Controller;
  try {
    // The openrc is written before the admin user is committed, and before the port is
    // bound: whatever stops this first start later, the password is not lost.
    controller = await createController(config, {
      keepAdminPassword: (password) => {
        writeOpenrc(config.dataDir, openrcFacts(config, configuredBaseUrl(config), password));
      },
    });
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

  const openrc = openrcFile(config.dataDir);
  let base: string;
  try {
    base = await controller.listen();
  } catch (error) {
    await controller.close().catch(() => undefined);
    lock.release();
    const kept = controller.firstStart ? `. This first start's admin credentials are kept in ${openrc}` : '';
    throw new Error(`${listenProblem(config, error)}${kept}`);
  }
  // With port 0, the port is known only now.
  if (controller.firstStart && base !== configuredBaseUrl(config)) {
    writeOpenrc(config.dataDir, openrcFacts(config, base, controller.firstStart.adminPassword));
  }

  let agentLine: string | null = null;
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
      agentLine = `murmur: the local agent could not start (${error instanceof Error ? error.message : String(error)}); the controller runs without it`;
      return null;
    });
    if (agent) agentLine = 'murmur: local agent running: this machine is controller-0';
  }

  // What a person needs comes last, after the start-up log lines, all together.
  say(`murmur: controller listening on ${base} (data ${config.dataDir}, ${config.store.kind === 'sqlite' ? `SQLite ${config.store.file}` : 'PostgreSQL'})`);
  if (controller.firstStart) {
    say(`murmur: first start. Admin user "admin", password (shown only now): ${controller.firstStart.adminPassword}`);
    say(`murmur: credentials written to ${openrc} (mode 0600). Load them with:  . ${openrc}`);
  } else if (existsSync(openrc)) {
    say(`murmur: admin credentials in ${openrc}. Load them with:  . ${openrc}`);
  } else {
    say(`murmur: no openrc in ${config.dataDir}; a new admin password: stop the controller, then  murmur admin reset-password --data ${config.dataDir}`);
  }
  if (agentLine) say(agentLine);
  say(`murmur: ready. Try:  murmur system show`);
}

/** `murmur up`: parses its options and runs the controller until a signal stops it. */
export async function runControllerCommand(
  argv: readonly string[],
  localAgent: LocalAgentStarter | null = null,
): Promise<void> {
  const program = new Command('murmur up')
    .description('Start the controller: every service on one HTTP port, with embedded SQLite or PostgreSQL.')
    .option('--listen <host:port>', `address to listen on (default ${DEFAULT_LISTEN})`)
    .option('--data <dir>', `data directory: database, lock file, openrc (default ${defaultDataDir()})`)
    .option('--database <url>', 'postgres://user:pass@host:port/db to use PostgreSQL instead of embedded SQLite')
    .option('--config <file>', 'JSON file with settings (password policy, token lifetime, ...); flags override it')
    .option('--region <name>', 'region name in the service catalog (default RegionOne)')
    .option('--system-mode <mode>', 'simplex (one controller, the default), duplex or duplex-direct; recorded on the first start only')
    .option('--role <role>', 'standalone (the default) or systemcontroller (serves dcmanager and manages subclouds); recorded on the first start')
    .option('--advertise-url <url>', 'base URL put in the catalog (default: the listen address)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default info)')
    .option('--log-format <format>', 'json (one JSON object a line) or pretty (for people); default: pretty on a terminal, json otherwise')
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

export { runAdminCommand } from './admin-command.js';
