import type { AlarmListItem, AlarmObject } from '@murmuration/core/contract/fault';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { confirmed, fmApi, NOWRAP_HELP, orNotFound, YES_HELP } from './fm-common.js';
import { parseFmQuery, QUERY_HELP } from './fm-query.js';
import { fitToTerminal, markSuppressed, sortRows } from './fm-table.js';

/** The properties `fm alarm-show` prints. */
const ALARM_FIELDS = [
  'uuid',
  'alarm_id',
  'alarm_state',
  'entity_type_id',
  'entity_instance_id',
  'timestamp',
  'severity',
  'reason_text',
  'alarm_type',
  'probable_cause',
  'proposed_repair_action',
  'service_affecting',
  'suppression',
  'suppression_status',
  'mgmt_affecting',
  'degrade_affecting',
] as const satisfies ReadonlyArray<keyof AlarmObject>;

export function alarmShowFields(alarm: AlarmObject): Record<string, Cell> {
  return Object.fromEntries(ALARM_FIELDS.map((f) => [f, alarm[f] ?? '']));
}

interface AlarmListFlags {
  query?: string;
  uuid?: boolean;
  include_suppress?: boolean;
  mgmt_affecting?: boolean;
  degrade_affecting?: boolean;
  nowrap?: boolean;
}

/** fm alarm-list's columns: UUID first with --uuid, then the affecting columns at fm's positions. */
export function alarmListColumns(flags: AlarmListFlags): Array<[string, string]> {
  const columns: Array<[string, string]> = [
    ['Alarm ID', 'alarm_id'],
    ['Reason Text', 'reason_text'],
    ['Entity ID', 'entity_instance_id'],
    ['Severity', 'severity'],
    ['Time Stamp', 'timestamp'],
  ];
  if (flags.uuid) columns.unshift(['UUID', 'uuid']);
  if (flags.mgmt_affecting) columns.splice(4, 0, ['Management Affecting', 'mgmt_affecting']);
  if (flags.degrade_affecting) columns.splice(5, 0, ['Degrade Affecting', 'degrade_affecting']);
  return columns;
}

const listRow = (a: AlarmListItem): Record<string, Cell> => ({
  uuid: a.uuid,
  alarm_id: markSuppressed(a.alarm_id, a.suppression_status),
  reason_text: a.reason_text,
  entity_instance_id: a.entity_instance_id,
  severity: a.severity,
  timestamp: a.timestamp,
  mgmt_affecting: a.mgmt_affecting,
  degrade_affecting: a.degrade_affecting,
});

/** `fm alarm-list`, `alarm-show`, `alarm-delete`, `alarm-summary`. */
export function addAlarmCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('alarm-list')
      .description('List all active alarms, newest first (every page)')
      .option('-q, --query <query>', QUERY_HELP)
      .option('--uuid', 'include the UUID column')
      .option('--include_suppress', 'include suppressed alarms, shown as S(<alarm id>), and silenced and inhibited ones')
      .option('--mgmt_affecting', 'include the Management Affecting column')
      .option('--degrade_affecting', 'include the Degrade Affecting column')
      .option('--nowrap', NOWRAP_HELP)
      .addHelpText(
        'after',
        `
Filter fields: uuid, alarm_id, entity_type_id, entity_instance_id, severity, alarm_type;
= is "contains", severities order by how severe they are (severity>=major).
Examples:
  murmur fm alarm-list --uuid --mgmt_affecting
  murmur fm alarm-list -q 'alarm_id=100.101;entity_instance_id=host=controller-0'`,
      ),
  ).action(async (flags: AlarmListFlags, command: Command) => {
    const q = flags.query === undefined ? [] : parseFmQuery(flags.query);
    const alarms = await fmApi(command).listAlarms({ q, includeSuppress: flags.include_suppress === true });
    const columns = alarmListColumns(flags);
    const output = outputOptions(command);
    const rows = sortRows(alarms.map(listRow), columns, 'timestamp', true);
    emit(formatList(fitToTerminal(rows, columns, ['reason_text', 'entity_instance_id'], output, flags.nowrap), columns, output));
  });

  withOutputOptions(fm.command('alarm-show').description('Show an active alarm').argument('<uuid>', 'the alarm')).action(async (uuid: string, _o, command: Command) => {
    const alarm = await orNotFound(fmApi(command).getAlarm(uuid), `Alarm not found: ${uuid}`);
    emit(formatObject(alarmShowFields(alarm), outputOptions(command)));
  });

  fm.command('alarm-delete')
    .description('Delete an active alarm (the event log records its clear); prints nothing on success')
    .argument('<uuid>', 'the alarm')
    .option('--yes', YES_HELP)
    .action(async (uuid: string, options: { yes?: boolean }, command: Command) => {
      if (!(await confirmed(options.yes))) return;
      await orNotFound(fmApi(command).deleteAlarm(uuid), `Alarm not found: ${uuid}`);
    });

  withOutputOptions(
    fm
      .command('alarm-summary')
      .description('Show how many alarms are active, by severity')
      .option('--include_suppress', 'count suppressed, silenced and inhibited alarms too'),
  ).action(async (options: { include_suppress?: boolean }, command: Command) => {
    const summary = await fmApi(command).summary(options.include_suppress === true);
    const columns: Array<[string, string]> = [
      ['Critical Alarms', 'critical'],
      ['Major Alarms', 'major'],
      ['Minor Alarms', 'minor'],
      ['Warnings', 'warnings'],
    ];
    emit(formatList([summary], columns, outputOptions(command)));
  });
}
