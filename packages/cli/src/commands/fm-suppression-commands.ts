import type { FmApi } from '@murmuration/client';
import type { SuppressionObject } from '@murmuration/core/contract/fault';
import type { SuppressionStatus } from '@murmuration/core/fault';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, type OutputOptions } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { confirmed, fmApi, NOPAGING_HELP, NOWRAP_HELP, YES_HELP } from './fm-common.js';
import { parseFmQuery } from './fm-query.js';
import { fitToTerminal, sortRows } from './fm-table.js';

interface ListFlags {
  uuid?: boolean;
  nowrap?: boolean;
}

const SUPPRESSED_ONLY = parseFmQuery('suppression_status=string::suppressed');

/** Prints entries as fm does: `Event ID | Status`, sorted by the second column (Event ID with --uuid). */
function printEntries(entries: readonly SuppressionObject[], flags: ListFlags, output: OutputOptions): void {
  const columns: Array<[string, string]> = [
    ['Event ID', 'alarm_id'],
    ['Status', 'suppression_status'],
  ];
  if (flags.uuid) columns.unshift(['UUID', 'uuid']);
  const rows = entries.map((e) => ({ uuid: e.uuid, alarm_id: e.alarm_id, suppression_status: e.suppression_status }));
  const sorted = sortRows(rows, columns, columns[1]![1]);
  emit(formatList(fitToTerminal(sorted, columns, [], output, flags.nowrap), columns, output));
}

/** One line per change, on stdout for tables as fm prints it, on stderr when stdout is data. */
function report(line: string, output: OutputOptions): void {
  if (output.format === 'table') console.log(line);
  else process.stderr.write(`${line}\n`);
}

async function setStatus(
  api: FmApi,
  entries: readonly SuppressionObject[],
  status: SuppressionStatus,
  output: OutputOptions,
): Promise<void> {
  for (const entry of entries) {
    await api.setSuppression(entry.uuid, status);
    report(`Alarm ID: ${entry.alarm_id} ${status}.`, output);
  }
}

/** The entries of the listed alarm ids; refuses the whole list, changing nothing, if one has no entry. */
function entriesOf(all: readonly SuppressionObject[], list: string): SuppressionObject[] {
  const ids = [...new Set(list.split(',').map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) throw new UsageError('--alarm_id needs at least one alarm id, e.g. --alarm_id 100.101,100.103');
  const unknown = ids.filter((id) => !all.some((e) => e.alarm_id === id));
  if (unknown.length > 0) {
    throw new UsageError(`no event suppression entry for alarm id ${unknown.join(', ')}; nothing was changed (see: murmur fm event-suppress-list --include-unsuppressed)`);
  }
  return ids.map((id) => all.find((e) => e.alarm_id === id)!);
}

function changeCommand(fm: Command, name: string, status: SuppressionStatus, description: string): void {
  withOutputOptions(
    fm
      .command(name)
      .description(description)
      .requiredOption('--alarm_id <alarm_id,...>', `comma-separated alarm ids to ${status === 'suppressed' ? 'suppress' : 'unsuppress'}`)
      .option('--uuid', 'include the UUID column in the table printed afterwards')
      .option('--nopaging', NOPAGING_HELP)
      .option('--yes', YES_HELP),
  ).action(async (options: ListFlags & { alarm_id: string; yes?: boolean }, command: Command) => {
    const api = fmApi(command);
    const output = outputOptions(command);
    const entries = entriesOf(await api.listSuppressions(), options.alarm_id);
    if (!(await confirmed(options.yes))) return;
    await setStatus(api, entries, status, output);
    printEntries(await api.listSuppressions(SUPPRESSED_ONLY), options, output);
  });
}

/** `fm event-suppress-list`, `event-suppress`, `event-unsuppress`, `event-unsuppress-all`. */
export function addSuppressionCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('event-suppress-list')
      .description('List suppressed alarm ids (all of them with --include-unsuppressed)')
      .option('--include-unsuppressed', "include the alarm ids that are not suppressed")
      .option('--uuid', 'include the UUID column')
      .option('--nopaging', NOPAGING_HELP)
      .option('--nowrap', NOWRAP_HELP),
  ).action(async (options: ListFlags & { includeUnsuppressed?: boolean }, command: Command) => {
    const entries = await fmApi(command).listSuppressions(options.includeUnsuppressed ? [] : SUPPRESSED_ONLY);
    printEntries(entries, options, outputOptions(command));
  });

  changeCommand(
    fm,
    'event-suppress',
    'suppressed',
    'Suppress alarm ids: their alarms and events are hidden unless --include_suppress is given; then list the suppressed ids',
  );
  changeCommand(fm, 'event-unsuppress', 'unsuppressed', 'Unsuppress alarm ids; then list the ids still suppressed');

  withOutputOptions(
    fm
      .command('event-unsuppress-all')
      .description('Unsuppress every suppressed alarm id; then list the ids still suppressed')
      .option('--uuid', 'include the UUID column in the table printed afterwards')
      .option('--nopaging', NOPAGING_HELP)
      .option('--yes', YES_HELP),
  ).action(async (options: ListFlags & { yes?: boolean }, command: Command) => {
    const api = fmApi(command);
    const output = outputOptions(command);
    const suppressed = (await api.listSuppressions()).filter((e) => e.suppression_status === 'suppressed');
    if (suppressed.length > 0 && !(await confirmed(options.yes))) return;
    await setStatus(api, suppressed, 'unsuppressed', output);
    printEntries(await api.listSuppressions(SUPPRESSED_ONLY), options, output);
  });
}
