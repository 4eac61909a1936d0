import type { DcAlarmSummary } from '@murmuration/client';
import { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, type Cell } from '../output/printer.js';
import { dcmanagerApi } from './dcmanager-common.js';

/** `alarm summary`'s columns, as dcmanager names them. */
export const ALARM_SUMMARY_COLUMNS = ['NAME', 'CRITICAL_ALARMS', 'MAJOR_ALARMS', 'MINOR_ALARMS', 'WARNINGS', 'STATUS'] as const;

/** A count as dcmanager prints it: `-` when negative (the subcloud's alarms are not known: unmanaged or offline). */
const count = (n: number): Cell => (Math.trunc(Number(n)) >= 0 ? n : '-');

/** One subcloud's row: its name (or `-`), its counts by severity and its cloud status. */
export function alarmSummaryRow(a: DcAlarmSummary): Record<string, Cell> {
  return {
    NAME: a.region_name || '-',
    CRITICAL_ALARMS: count(a.critical_alarms),
    MAJOR_ALARMS: count(a.major_alarms),
    MINOR_ALARMS: count(a.minor_alarms),
    WARNINGS: count(a.warnings),
    STATUS: a.cloud_status,
  };
}

/** `murmur dcmanager alarm summary`. */
export function alarmCommands(): Command {
  const alarm = new Command('alarm').description('Alarms of the subclouds, as the system controller last audited them');
  withOutputOptions(
    alarm
      .command('summary')
      .description('Alarm counts by severity and the cloud status of every subcloud, newest subcloud first')
      .addHelpText(
        'after',
        `
STATUS is critical with any critical alarm, degraded with any major or minor one, else OK;
disabled (counts "-") while the subcloud is unmanaged or offline.`,
      ),
  ).action(async (_o, command: Command) => {
    const summary = await dcmanagerApi(command).alarmSummary();
    const columns = ALARM_SUMMARY_COLUMNS.map((c) => [c, c] as const);
    emit(formatList(summary.map(alarmSummaryRow), columns, outputOptions(command)));
  });
  return alarm;
}
