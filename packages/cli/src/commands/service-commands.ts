import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../data-dir.js';
import { renderServiceUnit, type ServiceUnit } from '../service/systemd-unit.js';
import { UsageError } from '../usage-error.js';

/** The `murmur` launcher of this installation, which the units run with this very node: no npx, no shell in between. */
const MURMUR_ENTRY = fileURLToPath(new URL('../../bin/murmur.js', import.meta.url));

/** `murmur up` and `murmur agent` exit 2 when their settings are wrong; restarting would not help. */
const USAGE_EXIT = 2;

interface UnitOptions {
  unitDir: string;
  name: string;
  runAs?: string;
  print?: boolean;
}

/**
 * The user the unit runs as, when not given: whoever installs it, or, through sudo, whoever ran
 * sudo, so that the service owns the data it was installed for; root needs no User= line.
 */
function runAs(given: string | undefined): string | undefined {
  if (given !== undefined) return given === 'root' ? undefined : given;
  if (process.getuid?.() !== 0) return os.userInfo().username;
  const sudoer = process.env['SUDO_USER'];
  return sudoer && sudoer !== 'root' ? sudoer : undefined;
}

function install(unit: ServiceUnit, options: UnitOptions): void {
  const text = renderServiceUnit(unit);
  if (options.print) {
    process.stdout.write(text);
    return;
  }
  const file = path.join(path.resolve(options.unitDir), `${options.name}.service`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${file}: ${code ?? (error as Error).message}${code === 'EACCES' ? ' (run as root, or give --unit-dir)' : ''}`);
  }
  console.log(`Wrote ${file}`);
  console.log(`Start it now and at every boot:  systemctl daemon-reload && systemctl enable --now ${options.name}`);
  console.log(`Stop it:  systemctl stop ${options.name}    Its log:  journalctl -u ${options.name}`);
}

function unitOptions(command: Command, name: string): Command {
  return command
    .option('--unit-dir <dir>', 'where to write the unit', '/etc/systemd/system')
    .option('--name <name>', 'unit name, without .service', name)
    .option('--run-as <user>', 'user the service runs as (default: you, or the user who ran sudo; root when that is root)')
    .option('--print', 'print the unit instead of writing it');
}

const absolute = (file: string | undefined): string | undefined =>
  file === undefined ? undefined : path.resolve(file);

/** `murmur service install|install-agent`: systemd units that run the controller or the host agent as services. */
export function serviceCommands(): Command {
  const service = new Command('service').description('Run the controller or the host agent as a systemd service: install, install-agent');

  unitOptions(
    service
      .command('install')
      .description('Write a systemd unit that runs the controller (murmur up) with this node, restarts it if it fails and stops it with SIGTERM')
      .option('--data <dir>', 'data directory of the controller (default: the one murmur up uses for you)')
      .option('--listen <host:port>', 'address to listen on (default: murmur up\'s)')
      .option('--database <url>', 'postgres://… instead of embedded SQLite')
      .option('--config <file>', 'JSON settings file of murmur up'),
    'murmur-controller',
  ).action((options: UnitOptions & { data?: string; listen?: string; database?: string; config?: string }) => {
    const data = path.resolve(options.data ?? defaultDataDir());
    const config = absolute(options.config);
    install(
      {
        description: `Murmuration controller (data ${data})`,
        command: [
          process.execPath,
          MURMUR_ENTRY,
          'up',
          '--data',
          data,
          ...(options.listen !== undefined ? ['--listen', options.listen] : []),
          ...(options.database !== undefined ? ['--database', options.database] : []),
          ...(config !== undefined ? ['--config', config] : []),
          '--log-format',
          'json',
        ],
        user: runAs(options.runAs),
        noRestartStatuses: [USAGE_EXIT],
        // murmur up's own shutdown timeout is 30 s by default: it gets that, and a margin.
        stopTimeoutSeconds: 45,
      },
      options,
    );
  });

  unitOptions(
    service
      .command('install-agent')
      .description('Write a systemd unit that runs the host agent (murmur agent) with this node, restarts it if it fails and stops it with SIGTERM')
      .requiredOption('--controller <url>', 'the controller to join, http(s)://HOST:PORT')
      .option('--bootstrap-token-file <file>', 'file holding the one-time token for the first join (murmur system host-bootstrap-token create -f value -c token > FILE)')
      .option('--hostname <name>', "host to join as (default: the machine's hostname)")
      .option('--personality <kind>', 'controller, worker or storage, when the operator has not added the host')
      .option('--state-dir <dir>', 'where the agent keeps its credential (default: the agent\'s own)'),
    'murmur-agent',
  ).action((
    options: UnitOptions & {
      controller: string;
      bootstrapTokenFile?: string;
      hostname?: string;
      personality?: string;
      stateDir?: string;
    },
  ) => {
    const tokenFile = absolute(options.bootstrapTokenFile);
    const stateDir = absolute(options.stateDir);
    install(
      {
        description: `Murmuration host agent (controller ${options.controller})`,
        command: [
          process.execPath,
          MURMUR_ENTRY,
          'agent',
          '--controller',
          options.controller,
          ...(tokenFile !== undefined ? ['--bootstrap-token-file', tokenFile] : []),
          ...(options.hostname !== undefined ? ['--hostname', options.hostname] : []),
          ...(options.personality !== undefined ? ['--personality', options.personality] : []),
          ...(stateDir !== undefined ? ['--state-dir', stateDir] : []),
        ],
        user: runAs(options.runAs),
        noRestartStatuses: [USAGE_EXIT],
        stopTimeoutSeconds: 30,
      },
      options,
    );
  });

  return service;
}
