import { isAppError } from '@murmuration/core/common';
import { Command, CommanderError } from 'commander';
import { addConnectionOptions } from './connection.js';
import { auditCommands } from './commands/audit-commands.js';
import { dcmanagerCommands } from './commands/dcmanager-commands.js';
import { fmCommands } from './commands/fm-commands.js';
import { projectCommands } from './commands/identity-project-commands.js';
import { roleCommands } from './commands/identity-role-commands.js';
import { userCommands } from './commands/identity-user-commands.js';
import { serviceCommands } from './commands/service-commands.js';
import { softwareCommands } from './commands/software-commands.js';
import { swManagerCommands } from './commands/sw-manager-commands.js';
import { systemCommands } from './commands/system-commands.js';
import { ERROR_PREFIX, printError } from './error-output.js';
import { EXIT, exitStatusFor } from './exit-status.js';
import { UsageError } from './usage-error.js';

const VERSION = '0.1.0';

/**
 * Commands the `murmur` launcher runs as processes of their own (the controller, the agent, work
 * on a controller's data directory); listed here so that `murmur --help` shows them.
 */
const LAUNCHED: ReadonlyArray<readonly [name: string, description: string]> = [
  ['up', 'Start the controller (see: murmur up --help)'],
  ['agent', 'Run the host agent on this machine (see: murmur agent --help)'],
  ['admin', "Work on a controller's data directory, e.g. reset the admin password (see: murmur admin --help)"],
  ['hollow-subclouds', 'Serve N hollow subclouds from one process, for scale tests (see: murmur hollow-subclouds --help)'],
];
export const LAUNCHED_COMMANDS: readonly string[] = LAUNCHED.map(([name]) => name);


/** The whole `murmur` command tree. */
export function buildProgram(): Command {
  const program = addConnectionOptions(
    new Command('murmur')
      .description('Murmuration edge-cloud control plane. Load credentials first:  . <data dir>/openrc')
      .version(VERSION)
      .showHelpAfterError('(add --help for usage)')
      .enablePositionalOptions(false),
  );
  for (const [name, description] of LAUNCHED) {
    program
      .command(name)
      .description(description)
      .allowUnknownOption()
      .helpOption(false)
      .action(() => {
        throw new UsageError(`run \`murmur ${name}\` through the murmur command itself`);
      });
  }
  program.addCommand(systemCommands());
  const identity = new Command('identity').description('Identity: users, projects, roles (openstack user|project|role …)');
  identity.addCommand(userCommands());
  identity.addCommand(projectCommands());
  identity.addCommand(roleCommands());
  program.addCommand(identity);
  program.addCommand(fmCommands());
  program.addCommand(softwareCommands());
  program.addCommand(swManagerCommands());
  program.addCommand(dcmanagerCommands());
  program.addCommand(auditCommands());
  program.addCommand(serviceCommands());
  program.addHelpText(
    'after',
    `
Exit status: 0 success, 1 request failed, 2 wrong usage, 3 authentication or permission refused, 4 controller unreachable.`,
  );
  return program;
}

/** Runs one CLI invocation; sets the exit status instead of exiting, so output is flushed. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) {
    command.exitOverride();
    // The parser's own messages ("error: unknown option") get the prefix every other error has.
    command.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, ERROR_PREFIX)) });
  }
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof UsageError) {
      printError(error.message);
      process.exitCode = EXIT.usage;
      return;
    }
    if (isAppError(error)) {
      printError(`${error.message}${debug ? ` [${error.code}]` : ''}`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = exitStatusFor(error.code);
      return;
    }
    printError(error instanceof Error ? error.message : String(error));
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT.failed;
  }
}
