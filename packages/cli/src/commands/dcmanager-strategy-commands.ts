import type { DcmanagerApi, DcStrategyType } from '@murmuration/client';
import type { FleetStrategyObject } from '@murmuration/core/contract/dcmanager-orchestration';
import { Command, InvalidArgumentError, Option } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatObject } from '../output/printer.js';
import { promptSecret } from '../prompt.js';
import { UsageError } from '../usage-error.js';
import { confirmedHighRisk, dcmanagerApi, orUnable, YES_HELP } from './dcmanager-common.js';
import {
  deprecationNotices, releaseAndCloud, swDeployRequest, type SwDeployCreateOptions,
} from './dcmanager-strategy-request.js';
import { strategyFields } from './dcmanager-strategy-table.js';
import { watchStrategy } from './dcmanager-strategy-watch.js';

const TYPE = 'sw-deploy';
export const SYSADMIN_PASSWORD_ENV = 'MURMUR_SUBCLOUD_SYSADMIN_PASSWORD';

/** argparse's `type=int`: any integer, the server judges its range. */
export function integer(value: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new InvalidArgumentError(`invalid int value: '${value}'`);
  return Number(value);
}

function wholeNumber(value: string): number {
  if (!/^\d{1,7}$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

/** `--soak`: seconds, or a duration the server reads (30m, 2h). */
function soakValue(value: string): number | string {
  const text = value.trim();
  if (/^\d{1,7}$/.test(text)) return Number(text);
  if (/^\d{1,7}[smhdw]$/.test(text)) return text;
  throw new InvalidArgumentError('must be a number of seconds, or a duration such as 30m or 2h');
}

function maxFailures(value: string): string {
  if (!/^\d{1,6}%?$/.test(value.trim())) throw new InvalidArgumentError('must be a number of subclouds (3) or a percentage of them (10%)');
  return value.trim();
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError('must be a number of seconds above 0, at most 3600');
  return n;
}

export const printStrategy = (command: Command, s: FleetStrategyObject): void =>
  emit(formatObject(strategyFields(s), { ...outputOptions(command), label: 'Field', sort: false }));

export const withWatch = (command: Command): Command =>
  command
    .option('--watch', 'then a progress line (state, steps per state) whenever it changes, until the strategy ends; '
      + 'exit status 1 if it failed or was aborted')
    .option('--interval <seconds>', 'how often --watch looks', seconds, 2);

async function watched(api: DcmanagerApi, type: DcStrategyType, o: { interval: number }): Promise<void> {
  await watchStrategy(api, type, { intervalMs: o.interval * 1000, write: (line) => process.stdout.write(`${line}\n`) });
}

/** The subclouds' sysadmin password: the environment, or asked twice on a terminal (when not given as an option). */
export async function askSysadminPassword(): Promise<string> {
  const given = process.env[SYSADMIN_PASSWORD_ENV];
  if (given) return given;
  if (!process.stdin.isTTY) throw new UsageError(`give the sysadmin password with --sysadmin-password or ${SYSADMIN_PASSWORD_ENV}`);
  const password = await promptSecret('Enter the sysadmin password for the subcloud: ');
  if (password !== (await promptSecret('Re-enter sysadmin password to confirm: '))) throw new UsageError('Passwords did not match');
  return password;
}

function createCommand(strategy: Command): void {
  withOutputOptions(
    strategy
      .command('create')
      .description('Create the sw-deploy strategy: one step per subcloud (of a group, or one subcloud) to take the release')
      .argument('[release_id]', 'the release to deploy (as earlier dcmanager clients took it; today\'s take --release-id)')
      .argument('[cloud_name]', 'name of a single cloud to update')
      .option('--release-id <id>', 'the release to deploy')
      .addOption(new Option('--subcloud-apply-type <type>', 'subcloud apply type (parallel or serial)').choices(['parallel', 'serial']))
      .option('--max-parallel-subclouds <n>', 'maximum number of parallel subclouds', integer)
      .option('--stop-on-failure', 'do not update any additional subclouds after a failure')
      .option('--group <group>', 'name or id of subcloud group to update')
      .option('--snapshot', 'create snapshot before update')
      .option('--rollback', 'perform a rollback of the active software deployment')
      .option('--delete', 'delete the software deployment after the strategy apply')
      .option('--with-delete', 'DEPRECATED: same as --delete')
      .option('--cleanup', 'delete the deployment if the strategy was applied without --delete')
      .option('--delete-only', 'DEPRECATED: same as --cleanup')
      .option('--with-prestage', 'prestage the subcloud, if not already prestaged, before applying the strategy')
      .option('--sysadmin-password <password>', `sysadmin password of the subclouds, with --with-prestage (else ${SYSADMIN_PASSWORD_ENV})`)
      .option('--kube-upgrade <version>', 'target Kubernetes version of a combined deployment')
      .option('--canary <n>', 'the first N subclouds alone, then the soak, then the others', wholeNumber)
      .option('--soak <seconds>', 'after the canaries, this long of clean health before the others (or 30m, 2h)', soakValue)
      .option('--max-failures <n|p%>', 'carry on past this many failed subclouds (or this percentage of them)', maxFailures),
  ).action(async (first: string | undefined, second: string | undefined, o: SwDeployCreateOptions, cmd: Command) => {
    const positionals = [first, second].filter((p): p is string => p !== undefined);
    const { releaseId, cloudName } = releaseAndCloud(positionals, o.releaseId);
    for (const notice of deprecationNotices(o)) process.stderr.write(`${notice}\n`);
    // The options are checked before the password is asked for, as dcmanager does.
    const request = swDeployRequest(o, releaseId, cloudName);
    const password = o.withPrestage && o.sysadminPassword === undefined ? await askSysadminPassword() : undefined;
    const body = password === undefined ? request : { ...request, sysadmin_password: Buffer.from(password, 'utf8').toString('base64') };
    printStrategy(cmd, await dcmanagerApi(cmd).createStrategy(body));
  });
}

/** A strategy type's `show|apply|abort|delete`, as dcmanager's (`--watch` on show and apply is ours). */
export function strategyLifecycleCommands(strategy: Command, type: DcStrategyType): void {
  withOutputOptions(withWatch(strategy.command('show').description(`Show the ${type} strategy`))).action(
    async (o: { watch?: boolean; interval: number }, command: Command) => {
      const api = dcmanagerApi(command);
      if (o.watch) return watched(api, type, o);
      printStrategy(command, await api.getStrategy(type));
    },
  );

  withOutputOptions(withWatch(strategy.command('apply').description(`Apply the ${type} strategy`).option('--yes', YES_HELP))).action(
    async (o: { yes?: boolean; watch?: boolean; interval: number }, command: Command) => {
      if (!(await confirmedHighRisk(o.yes))) return;
      const api = dcmanagerApi(command);
      const applied = await orUnable(api.strategyAction(type, 'apply'), `apply the ${type} strategy`);
      if (!o.watch) return printStrategy(command, applied);
      return watched(api, type, o);
    },
  );

  withOutputOptions(strategy.command('abort').description(`Abort the ${type} strategy: steps not started are not started`)).action(
    async (_o, command: Command) => {
      printStrategy(command, await orUnable(dcmanagerApi(command).strategyAction(type, 'abort'), `abort the ${type} strategy`));
    },
  );

  withOutputOptions(strategy.command('delete').description(`Delete the ${type} strategy (not while it applies)`).option('--yes', YES_HELP)).action(
    async (o: { yes?: boolean }, command: Command) => {
      if (!(await confirmedHighRisk(o.yes))) return;
      printStrategy(command, await orUnable(dcmanagerApi(command).deleteStrategy(type), `delete the ${type} strategy`));
    },
  );
}

/** `murmur dcmanager sw-deploy-strategy create|show|apply|abort|delete`, as dcmanager's. */
export function swDeployStrategyCommands(): Command {
  const strategy = new Command('sw-deploy-strategy').description(
    'Deploy a release to subclouds: one strategy at a time, each subcloud through its own VIM sw-deploy strategy',
  );
  createCommand(strategy);
  strategyLifecycleCommands(strategy, TYPE);
  return strategy;
}
