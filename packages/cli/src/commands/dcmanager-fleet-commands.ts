import type { DcFleetCount } from '@murmuration/client';
import { AVAILABILITY_STATUSES, MANAGEMENT_STATES, SYNC_STATUSES } from '@murmuration/core/dc';
import { Command, InvalidArgumentError, Option } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, type Cell } from '../output/printer.js';
import { dcmanagerApi } from './dcmanager-common.js';

/** The three states the fleet is counted by: the column each is shown in, its wire key and its values in order. */
const DIMENSIONS = {
  management: { key: 'management_state', order: MANAGEMENT_STATES },
  availability: { key: 'availability_status', order: AVAILABILITY_STATUSES },
  sync: { key: 'sync_status', order: SYNC_STATUSES },
} as const satisfies Record<string, { key: keyof DcFleetCount; order: readonly string[] }>;

export type FleetDimension = keyof typeof DIMENSIONS;
const ALL = Object.keys(DIMENSIONS) as FleetDimension[];

/** Where a value sorts: in the order of its states, values this client does not know last. */
const rank = (dimension: FleetDimension, value: string): number => {
  const at = (DIMENSIONS[dimension].order as readonly string[]).indexOf(value);
  return at < 0 ? Number.MAX_SAFE_INTEGER : at;
};

/**
 * The fleet summary's rows: one per combination of the states asked for (all three by default),
 * with how many subclouds are in it, in the order of the states; combinations with no subcloud
 * are not shown.
 */
export function fleetRows(
  counts: readonly DcFleetCount[],
  by: readonly FleetDimension[] = ALL,
): Array<Record<string, Cell>> {
  const rows = new Map<string, Record<string, Cell> & { count: number }>();
  for (const c of counts) {
    const cells = Object.fromEntries(by.map((d) => [d, String(c[DIMENSIONS[d].key])]));
    const id = JSON.stringify(cells);
    const row = rows.get(id) ?? { ...cells, count: 0 };
    row.count += c.count;
    rows.set(id, row);
  }
  const compare = (a: Record<string, Cell>, b: Record<string, Cell>): number => {
    for (const d of by) {
      const diff = rank(d, String(a[d])) - rank(d, String(b[d]));
      if (diff !== 0) return diff;
    }
    return 0;
  };
  return [...rows.values()].filter((r) => r.count > 0).sort(compare);
}

/** `murmur dcmanager fleet summary`: how many subclouds are in which states, counted by the system controller. */
export function fleetCommands(): Command {
  const fleet = new Command('fleet').description('The whole fleet of subclouds at a glance');
  withOutputOptions(
    fleet
      .command('summary')
      .description('How many subclouds are managed or not, online or offline, in sync or not')
      .addOption(
        new Option('--by <state>', 'count by this state only (repeatable): management, availability or sync')
          .argParser((value: string, previous: FleetDimension[] = []) => {
            if (!ALL.includes(value as FleetDimension)) throw new InvalidArgumentError(`must be one of ${ALL.join(', ')}`);
            return [...new Set([...previous, value as FleetDimension])];
          }),
      )
      .addHelpText(
        'after',
        `
Examples:
  murmur dcmanager fleet summary
  murmur dcmanager fleet summary --by availability -f value -c availability -c count`,
      ),
  ).action(async (o: { by?: FleetDimension[] }, command: Command) => {
    const by = o.by ?? ALL;
    const rows = fleetRows((await dcmanagerApi(command).fleetSummary()).counts, by);
    emit(formatList(rows, [...by, 'count'].map((c) => [c, c] as const), outputOptions(command)));
  });
  return fleet;
}
