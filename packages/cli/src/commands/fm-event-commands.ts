import type { EventListItem, EventObject } from '@murmuration/core/contract/fault';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { fmApi, NOPAGING_HELP, NOWRAP_HELP, orNotFound, positiveInteger } from './fm-common.js';
import { parseFmQuery, QUERY_HELP } from './fm-query.js';
import { fitToTerminal, markSuppressed, sortRows } from './fm-table.js';

/** The properties `fm event-show` prints. */
const EVENT_FIELDS = [
  'uuid',
  'event_log_id',
  'state',
  'entity_type_id',
  'entity_instance_id',
  'timestamp',
  'severity',
  'reason_text',
  'event_log_type',
  'probable_cause',
  'proposed_repair_action',
  'service_affecting',
  'suppression',
  'suppression_status',
] as const satisfies ReadonlyArray<keyof EventObject>;

export function eventShowFields(event: EventObject): Record<string, Cell> {
  return Object.fromEntries(EVENT_FIELDS.map((f) => [f, event[f] ?? '']));
}

interface EventListFlags {
  query?: string;
  limit?: number;
  alarms?: boolean;
  logs?: boolean;
  uuid?: boolean;
  include_suppress?: boolean;
  nowrap?: boolean;
}

export function eventListColumns(flags: { uuid?: boolean }): Array<[string, string]> {
  const columns: Array<[string, string]> = [
    ['Time Stamp', 'timestamp'],
    ['State', 'state'],
    ['Event Log ID', 'event_log_id'],
    ['Reason Text', 'reason_text'],
    ['Entity Instance ID', 'entity_instance_id'],
    ['Severity', 'severity'],
  ];
  if (flags.uuid) columns.unshift(['UUID', 'uuid']);
  return columns;
}

const listRow = (e: EventListItem): Record<string, Cell> => ({
  uuid: e.uuid,
  timestamp: e.timestamp,
  state: e.state,
  event_log_id: markSuppressed(e.event_log_id, e.suppression_status),
  reason_text: e.reason_text,
  entity_instance_id: e.entity_instance_id,
  severity: e.severity,
});

/** `fm event-list` and `event-show`. */
export function addEventCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('event-list')
      .description('List the event log (alarm sets and clears, and logs), newest first')
      .option('-q, --query <query>', QUERY_HELP)
      .option('-l, --limit <number>', 'at most this many records (default: the server page, 2000)', positiveInteger)
      .option('--alarms', 'alarm sets and clears only')
      .option('--logs', 'logs only')
      .option('--uuid', 'include the UUID column')
      .option('--include_suppress', 'include the records of suppressed alarm ids, shown as S(<event log id>)')
      .option('--nopaging', NOPAGING_HELP)
      .option('--nowrap', NOWRAP_HELP)
      .addHelpText(
        'after',
        `
Filter fields: uuid, event_log_id, event_log_type, entity_type_id, entity_instance_id, severity,
start and end (ISO 8601 times such as 20160131 10:23:45 or 2016-01-31T10:23:45, UTC when no zone
is given; start=T keeps records at or after T, end=T those at or before it).
Examples:
  murmur fm event-list -l 20 --alarms
  murmur fm event-list -q 'start=2026-05-01T10:00:00;end=2026-05-01T11:00:00'`,
      ),
  ).action(async (flags: EventListFlags, command: Command) => {
    const q = flags.query === undefined ? [] : parseFmQuery(flags.query);
    const events = await fmApi(command).listEvents({
      q,
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      alarms: flags.alarms === true && flags.logs !== true,
      logs: flags.logs === true && flags.alarms !== true,
      includeSuppress: flags.include_suppress === true,
    });
    const columns = eventListColumns(flags);
    const output = outputOptions(command);
    const rows = sortRows(events.map(listRow), columns, 'timestamp', true);
    emit(formatList(fitToTerminal(rows, columns, ['reason_text', 'entity_instance_id'], output, flags.nowrap), columns, output));
  });

  withOutputOptions(fm.command('event-show').description('Show an event-log record').argument('<uuid>', 'the record')).action(async (uuid: string, _o, command: Command) => {
    const event = await orNotFound(fmApi(command).getEvent(uuid), `Event log not found: ${uuid}`);
    emit(formatObject(eventShowFields(event), outputOptions(command)));
  });
}
