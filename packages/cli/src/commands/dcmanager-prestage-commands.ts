import type { DcmanagerApi, DcPrestageRequest, DcPrestageStrategyRequest } from '@murmuration/client';
import type { SubcloudPrestageProgress } from '@murmuration/core/contract/dcmanager';
import { AppError } from '@murmuration/core/common';
import { Command, Option } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { dcmanagerApi, orUnable, reference } from './dcmanager-common.js';
import {
  askSysadminPassword, integer, printStrategy, strategyLifecycleCommands, SYSADMIN_PASSWORD_ENV,
} from './dcmanager-strategy-commands.js';
import { checkGroup } from './dcmanager-strategy-request.js';
import { subcloudFields } from './dcmanager-subcloud-table.js';

/** What `subcloud prestage` and `prestage-strategy create` share. */
interface PrestageOptions {
  release?: string;
  forInstall?: boolean;
  forSwDeploy?: boolean;
  force?: boolean;
  sysadminPassword?: string;
}

const withPrestageOptions = (command: Command): Command =>
  command
    .option('--release <release>', 'the release to prestage: the id of a release bundle this system controller holds')
    .addOption(new Option('--for-install', 'prestage for a subcloud install (the default)').conflicts('forSwDeploy'))
    .addOption(new Option('--for-sw-deploy', 'prestage for a software deploy').conflicts('forInstall'))
    .option('--force', 'skip checking the subcloud for management affecting alarms')
    .option('--sysadmin-password <password>', `sysadmin password of the subcloud (else ${SYSADMIN_PASSWORD_ENV}, else asked)`);

/**
 * The body as dcmanager's client makes it: the password in base64, `release` when given, the booleans the string
 * `"true"` and only when set (`for_install` unless `--for-sw-deploy`).
 */
export async function prestageBody(o: PrestageOptions): Promise<DcPrestageRequest> {
  const password = o.sysadminPassword ?? (await askSysadminPassword());
  return {
    sysadmin_password: Buffer.from(password, 'utf8').toString('base64'),
    ...(o.force ? { force: 'true' as const } : {}),
    ...(o.release !== undefined ? { release: o.release } : {}),
    ...(o.forSwDeploy ? { for_sw_deploy: 'true' as const } : { for_install: 'true' as const }),
  };
}

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`);

/** One line of `--watch`: the status, how far, how fast, and the attempts. */
export function prestageLine(p: SubcloudPrestageProgress): string {
  const resumed = p.resumed_from_bytes > 0 ? `, resumed from ${size(p.resumed_from_bytes)}` : '';
  const error = p.error ? `: ${p.error}` : '';
  return `${p.subcloud} ${p.status ?? 'none'} ${p.release ?? ''} ${p.percent}% (${size(p.bytes_sent)} of ${size(p.bytes_total)}) `
    + `at ${size(p.rate_bps)}/s, attempt ${p.attempts}${resumed}${error}`;
}

/** `subcloud prestage-status`: where the subcloud's latest prestage stands, one field a row. */
export function prestageStatusFields(p: SubcloudPrestageProgress): Record<string, Cell> {
  return {
    subcloud: p.subcloud, prestage_status: p.status, release: p.release, for_sw_deploy: p.for_sw_deploy,
    percent: p.percent, bytes_sent: p.bytes_sent, bytes_total: p.bytes_total, rate_bps: p.rate_bps,
    attempts: p.attempts, resumed_from_bytes: p.resumed_from_bytes, error: p.error,
    prestage_versions: p['prestage-versions'], started_at: p['started-at'], finished_at: p['finished-at'],
  };
}

/** Prints a progress line whenever it changes, until the prestage ends; failed is an error (exit status 1). */
export async function watchPrestage(
  api: DcmanagerApi,
  subcloud: string,
  options: { readonly intervalMs: number; readonly write: (line: string) => void },
): Promise<SubcloudPrestageProgress> {
  let last = '';
  for (;;) {
    const progress = await api.prestageProgress(subcloud);
    const line = prestageLine(progress);
    if (line !== last) options.write(line);
    last = line;
    if (progress.status === 'complete') return progress;
    if (progress.status !== 'prestaging') {
      throw new AppError('CONFLICT', `the prestage of ${subcloud} ended ${progress.status ?? 'without a status'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError('--interval: a number of seconds above 0, at most 3600');
  return n;
}

/** `subcloud prestage <subcloud>` and `subcloud prestage-status <subcloud>`, added to `murmur dcmanager subcloud`. */
export function addPrestageCommands(subcloud: Command): void {
  withOutputOptions(
    withPrestageOptions(
      subcloud
        .command('prestage')
        .description('Prestage a release to a subcloud: its bundle sent ahead, in resumable chunks checked by hash')
        .argument('<subcloud>', 'name or id of the subcloud'),
    )
      .option('--watch', 'then a progress line whenever it changes, until it ends; exit status 1 if it failed')
      .option('--interval <seconds>', 'how often --watch looks', seconds, 2),
  ).action(async (ref: string, o: PrestageOptions & { watch?: boolean; interval: number }, command: Command) => {
    const name = reference('Subcloud', ref);
    const api = dcmanagerApi(command);
    const answer = await orUnable(api.prestageSubcloud(name, await prestageBody(o)), `prestage subcloud ${name}`);
    if (o.watch) {
      await watchPrestage(api, name, { intervalMs: o.interval * 1000, write: (line) => process.stdout.write(`${line}\n`) });
      return;
    }
    const fields = { ...subcloudFields(answer), prestage_software_version: answer['prestage-software-version'] };
    emit(formatObject(fields, { ...outputOptions(command), label: 'Field', sort: false }));
  });

  withOutputOptions(
    subcloud
      .command('prestage-status')
      .description('Where a subcloud\'s latest prestage stands: bytes sent, rate, attempts, where it resumed')
      .argument('<subcloud>', 'name or id of the subcloud'),
  ).action(async (ref: string, _o, command: Command) => {
    const progress = await dcmanagerApi(command).prestageProgress(reference('Subcloud', ref));
    emit(formatObject(prestageStatusFields(progress), { ...outputOptions(command), label: 'Field', sort: false }));
  });
}

interface PrestageStrategyOptions extends PrestageOptions {
  subcloudApplyType?: 'parallel' | 'serial';
  maxParallelSubclouds?: number;
  stopOnFailure?: boolean;
  group?: string;
}

/** The create body of a prestage strategy, dcmanager's keys only when given. */
export async function prestageStrategyBody(
  o: PrestageStrategyOptions,
  cloudName: string | undefined,
): Promise<DcPrestageStrategyRequest> {
  checkGroup(o, cloudName);
  return {
    type: 'prestage',
    ...(o.subcloudApplyType ? { 'subcloud-apply-type': o.subcloudApplyType } : {}),
    ...(o.maxParallelSubclouds ? { 'max-parallel-subclouds': o.maxParallelSubclouds } : {}),
    ...(o.stopOnFailure ? { 'stop-on-failure': 'true' as const } : {}),
    ...(cloudName !== undefined ? { cloud_name: cloudName } : {}),
    ...(o.group !== undefined ? { subcloud_group: o.group } : {}),
    ...(await prestageBody(o)),
  };
}

/** `murmur dcmanager prestage-strategy create|show|apply|abort|delete`, as dcmanager's. */
export function prestageStrategyCommands(): Command {
  const strategy = new Command('prestage-strategy').description(
    'Prestage a release to subclouds ahead of their maintenance window: one strategy at a time, of any type',
  );
  withOutputOptions(
    withPrestageOptions(
      strategy
        .command('create')
        .description('Create the prestage strategy: one step per subcloud (of a group, or one subcloud) to receive the release')
        .argument('[cloud_name]', 'name of a single cloud to prestage')
        .addOption(new Option('--subcloud-apply-type <type>', 'subcloud apply type (parallel or serial)').choices(['parallel', 'serial']))
        .option('--max-parallel-subclouds <n>', 'maximum number of parallel subclouds (1 to 250)', integer)
        .option('--stop-on-failure', 'do not prestage any additional subclouds after a failure')
        .option('--group <group>', 'name or id of subcloud group to prestage'),
    ),
  ).action(async (cloudName: string | undefined, o: PrestageStrategyOptions, command: Command) => {
    printStrategy(command, await dcmanagerApi(command).createStrategy(await prestageStrategyBody(o, cloudName)));
  });
  strategyLifecycleCommands(strategy, 'prestage');
  return strategy;
}
