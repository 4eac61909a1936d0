import type { HostInventoryReport } from '@murmuration/core/contract/agents';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverHost } from './discovery/discover-host.js';
import { FIXTURE_NAMES, fixtureRoots, hostRoots, type DiscoveryRoots } from './discovery/discovery-roots.js';
import { streamLog } from './runtime/agent-log.js';
import { HostAgent } from './runtime/host-agent.js';
import { hollowReport } from './runtime/hollow-report.js';

interface AgentOptions {
  controller: string;
  bootstrapToken?: string;
  bootstrapTokenFile?: string;
  hostname?: string;
  personality?: string;
  stateDir?: string;
  configRoot?: string;
  softwareRoot?: string;
  sysfsRoot?: string;
  procfsRoot?: string;
  etcRoot?: string;
  devRoot?: string;
  hollow?: number;
  profile?: string;
  hostnamePrefix: string;
  firstIndex: number;
  inventoryInterval: number;
  maxBackoff: number;
  verbose?: boolean;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

function defaultStateDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/murmur-agent';
  return path.join(process.env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share'), 'murmur-agent');
}

function controllerUrl(value: string): string {
  if (!/^https?:\/\/[^/\s]+\/?$/.test(value)) throw new InvalidArgumentError('must be http(s)://HOST[:PORT]');
  return value.replace(/\/$/, '');
}

/** Where discovery reads: the machine itself, a shipped fixture, or trees given root by root. */
async function rootsOf(options: AgentOptions): Promise<DiscoveryRoots> {
  const base = options.profile ? await profileRoots(options.profile) : hostRoots();
  return {
    sys: options.sysfsRoot ?? base.sys,
    proc: options.procfsRoot ?? base.proc,
    etc: options.etcRoot ?? base.etc,
    dev: options.devRoot ?? base.dev,
  };
}

async function profileRoots(profile: string): Promise<DiscoveryRoots> {
  if ((FIXTURE_NAMES as readonly string[]).includes(profile)) return fixtureRoots(profile);
  // A directory laid out like a fixture: sys/, proc/, etc/, dev/.
  return { sys: path.join(profile, 'sys'), proc: path.join(profile, 'proc'), etc: path.join(profile, 'etc'), dev: path.join(profile, 'dev') };
}

function bootstrapTokens(options: AgentOptions, needed: number): Array<string | undefined> {
  if (options.bootstrapToken !== undefined && options.bootstrapTokenFile !== undefined) throw new InvalidArgumentError('give --bootstrap-token or --bootstrap-token-file, not both');
  if (options.bootstrapTokenFile === undefined) return Array.from({ length: needed }, () => options.bootstrapToken);
  let text: string;
  try {
    text = readFileSync(options.bootstrapTokenFile, 'utf8');
  } catch (error) {
    // A host that joined needs no token again: its service may keep naming a file removed since.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Array.from({ length: needed }, () => undefined);
    throw error;
  }
  const tokens = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return Array.from({ length: needed }, (_, i) => tokens[i]);
}

async function run(options: AgentOptions): Promise<void> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  const roots = await rootsOf(options);
  const hollow = options.hollow ?? 0;
  if (hollow > 0 && !options.profile) throw new InvalidArgumentError('--hollow needs --profile: the hardware every hollow host reports');
  const agents: HostAgent[] = [];
  const common = {
    controller: options.controller,
    inventoryIntervalMs: options.inventoryInterval * 1000,
    maxBackoffMs: options.maxBackoff * 1000,
    ...(options.personality !== undefined ? { personality: options.personality } : {}),
  };

  if (hollow === 0) {
    const [token] = bootstrapTokens(options, 1);
    agents.push(
      new HostAgent({
        ...common,
        stateDir,
        configRoot: path.resolve(options.configRoot ?? path.join(stateDir, 'config')),
        softwareRoot: path.resolve(options.softwareRoot ?? path.join(stateDir, 'software')),
        ...(token !== undefined ? { bootstrapToken: token } : {}),
        ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
        discover: () => discoverHost(roots),
        log: streamLog('agent', options.verbose === true),
      }),
    );
  } else {
    // Hollow hosts: the same agent, many times over, each with its own connection, credential and heartbeat.
    const profile: HostInventoryReport = await discoverHost(roots);
    const tokens = bootstrapTokens(options, hollow);
    for (let i = 0; i < hollow; i++) {
      const index = options.firstIndex + i;
      const hostname = `${options.hostnamePrefix}-${index}`;
      const dir = path.join(stateDir, hostname);
      const token = tokens[i];
      // One report per hollow host for the life of the process: its boot id stays put, as a machine's does until it
      // reboots.
      const report = hollowReport(profile, hostname, index);
      agents.push(
        new HostAgent({
          ...common,
          stateDir: dir,
          configRoot: path.join(dir, 'config'),
          softwareRoot: path.join(dir, 'software'),
          ...(token !== undefined ? { bootstrapToken: token } : {}),
          hostname,
          discover: async () => report,
          log: streamLog(hostname, options.verbose === true),
        }),
      );
    }
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`murmur agent: ${signal}: stopping ${agents.length} agent(s)\n`);
    void Promise.all(agents.map((a) => a.stop())).then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  // Hollow hosts join a few at a time so that a thousand do not hit the controller at once.
  const BATCH = 50;
  try {
    for (let i = 0; i < agents.length && !stopping; i += BATCH) {
      await Promise.all(agents.slice(i, i + BATCH).map((a) => a.start()));
    }
  } catch (error) {
    stopping = true;
    await Promise.all(agents.map((a) => a.stop()));
    throw error;
  }
  process.stderr.write(`murmur agent: ${agents.length === 1 ? `running as ${agents[0]!.hostname}` : `${agents.length} hollow hosts running`}\n`);
}

/** `murmur agent`: runs the host agent (or many hollow ones) until a signal stops it. */
export async function runAgentCommand(argv: readonly string[]): Promise<void> {
  const program = new Command('murmur agent')
    .description('Run the host agent: join the controller, report this machine, heartbeat, and apply its configuration')
    .requiredOption('--controller <url>', 'the controller to join, http(s)://HOST:PORT', controllerUrl)
    .option('--bootstrap-token <token>', 'one-time token to join with (first start only; create one with `murmur system host-bootstrap-token create`)')
    .option('--bootstrap-token-file <file>', 'tokens, one per line (for --hollow: one per hollow host); a missing file means none, as for a host that joined')
    .option('--hostname <name>', 'host to join as (default: this machine\'s hostname)')
    .option('--personality <kind>', 'controller, worker or storage, when the operator has not added the host (default: worker)')
    .option('--state-dir <dir>', 'where the host credential is kept (default: /var/lib/murmur-agent as root, else ~/.local/share/murmur-agent)')
    .option('--config-root <dir>', 'where the desired configuration is written (default: <state-dir>/config)')
    .option('--software-root <dir>', 'where releases are installed, in two slots (default: <state-dir>/software)')
    .option('--sysfs-root <dir>', 'read hardware from this tree instead of /sys')
    .option('--procfs-root <dir>', 'read the kernel\'s view from this tree instead of /proc')
    .option('--etc-root <dir>', 'read os-release from this directory instead of /etc')
    .option('--dev-root <dir>', 'read device links from this tree instead of /dev')
    .option('--profile <fixture>', `hardware to impersonate: ${FIXTURE_NAMES.join(', ')}, or a directory with sys/, proc/, etc/, dev/`)
    .option('--hollow <n>', 'run N hollow hosts in this process, each with its own connection, credential and heartbeat', count)
    .option('--hostname-prefix <prefix>', 'hollow hosts are named <prefix>-<index>', 'compute')
    .option('--first-index <n>', 'index of the first hollow host', count, 0)
    .option('--inventory-interval <seconds>', 'how often the machine is read again (changes are reported)', seconds, 30)
    .option('--max-backoff <seconds>', 'longest wait between reconnection attempts', seconds, 5)
    .option('--verbose', 'also log connection errors and other details')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .action(async (options: AgentOptions) => run(options));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = 2;
      return;
    }
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`murmur agent: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`murmur agent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

export { startLocalAgent } from './local-agent.js';
