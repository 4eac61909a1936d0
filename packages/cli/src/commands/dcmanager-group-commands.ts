import type { DcmanagerApi } from '@murmuration/client';
import type { SubcloudGroupObject } from '@murmuration/core/contract/dcmanager';
import { DEFAULT_GROUP, UPDATE_APPLY_TYPES, type UpdateApplyType } from '@murmuration/core/dc';
import { Command, InvalidArgumentError, Option } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { confirmedHighRisk, dcmanagerApi, orUnable, reference, YES_HELP } from './dcmanager-common.js';
import { groupSubcloudRow, SUBCLOUD_DETAIL_COLUMNS } from './dcmanager-subcloud-table.js';

/** `subcloud-group list`'s columns. */
export const GROUP_LIST_COLUMNS = ['id', 'name', 'description'] as const;

export function groupListRow(g: SubcloudGroupObject): Record<string, Cell> {
  return { id: g.id, name: g.name, description: g.description };
}

/** A group as `subcloud-group add|show|update` print it, in dcmanager's order. */
export function groupFields(g: SubcloudGroupObject): Record<string, Cell> {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    'update apply type': g.update_apply_type,
    'max parallel subclouds': g.max_parallel_subclouds,
    created_at: g['created-at'],
    updated_at: g['updated-at'] ?? null,
  };
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number, at least 1');
  return n;
}

/**
 * The group options as StarlingX spells them (`--update_apply_type`, `--max_parallel_subclouds`),
 * each with its dashed twin: commander keeps them apart (`update_apply_type`, `updateApplyType`).
 */
function withGroupOptions(command: Command): Command {
  const applyType = (flags: string, help: string) => new Option(flags, help).choices(UPDATE_APPLY_TYPES);
  return command
    .option('--description <text>', 'what the group is for')
    .addOption(applyType('--update_apply_type <type>', 'update its subclouds in parallel or one after another'))
    .addOption(applyType('--update-apply-type <type>', 'the same as --update_apply_type'))
    .option('--max_parallel_subclouds <n>', 'how many of its subclouds are updated at once', wholeNumber)
    .option('--max-parallel-subclouds <n>', 'the same as --max_parallel_subclouds', wholeNumber);
}

interface GroupOptions {
  name?: string;
  description?: string;
  update_apply_type?: UpdateApplyType;
  updateApplyType?: UpdateApplyType;
  max_parallel_subclouds?: number;
  maxParallelSubclouds?: number;
  yes?: boolean;
}

/** One value of an option given under either spelling; both with different values is a mistake. */
function either<T>(flag: string, underscored: T | undefined, dashed: T | undefined): T | undefined {
  if (underscored !== undefined && dashed !== undefined && underscored !== dashed) {
    throw new UsageError(`--${flag} is given twice with different values`);
  }
  return underscored ?? dashed;
}

/** The changes `subcloud-group update` sends (and `add` with its defaults). */
type GroupChanges = Parameters<DcmanagerApi['updateGroup']>[1];

function groupRequest(o: GroupOptions): GroupChanges {
  const applyType = either('update_apply_type', o.update_apply_type, o.updateApplyType);
  const maxParallel = either('max_parallel_subclouds', o.max_parallel_subclouds, o.maxParallelSubclouds);
  return {
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(applyType !== undefined ? { update_apply_type: applyType } : {}),
    ...(maxParallel !== undefined ? { max_parallel_subclouds: maxParallel } : {}),
  };
}

const printGroup = (command: Command, g: SubcloudGroupObject): void =>
  emit(formatObject(groupFields(g), { ...outputOptions(command), label: 'Field', sort: false }));

/** `murmur dcmanager subcloud-group add|list|show|update|delete|list-subclouds`. */
export function subcloudGroupCommands(): Command {
  const group = new Command('subcloud-group').description(
    `Groups of subclouds, orchestrated together (every subcloud is in one; ${DEFAULT_GROUP.name} is id ${DEFAULT_GROUP.id})`,
  );

  withOutputOptions(
    withGroupOptions(
      group
        .command('add')
        .description('Add a subcloud group')
        .requiredOption('--name <name>', 'the group\'s name (not all digits, none of .*+?|()[]{}^$)'),
    ).addHelpText(
      'after',
      `
Defaults as dcmanager's: description "No description provided", update apply type parallel,
max parallel subclouds ${DEFAULT_GROUP.maxParallelSubclouds}.
Example:
  murmur dcmanager subcloud-group add --name far-east --update_apply_type serial`,
    ),
  ).action(async (o: GroupOptions & { name: string }, command: Command) => {
    const request = groupRequest(o);
    printGroup(
      command,
      await dcmanagerApi(command).addGroup({
        description: 'No description provided',
        update_apply_type: DEFAULT_GROUP.updateApplyType,
        max_parallel_subclouds: DEFAULT_GROUP.maxParallelSubclouds,
        ...request,
        name: o.name,
      }),
    );
  });

  withOutputOptions(group.command('list').description('List subcloud groups')).action(async (_o, command: Command) => {
    const groups = await dcmanagerApi(command).listGroups();
    emit(formatList(groups.map(groupListRow), GROUP_LIST_COLUMNS.map((c) => [c, c] as const), outputOptions(command)));
  });

  withOutputOptions(
    group.command('show').description('Show a subcloud group').argument('<group>', 'name or id of the group'),
  ).action(async (ref: string, _o, command: Command) => {
    printGroup(command, await dcmanagerApi(command).getGroup(reference('Subcloud group', ref)));
  });

  withOutputOptions(
    withGroupOptions(
      group
        .command('update')
        .description('Change a subcloud group (the Default group cannot be renamed)')
        .argument('<group>', 'name or id of the group')
        .option('--name <name>', 'new name'),
    ),
  ).action(async (ref: string, o: GroupOptions, command: Command) => {
    const name = reference('Subcloud group', ref);
    const request = groupRequest(o);
    if (Object.keys(request).length === 0) {
      throw new UsageError('Nothing to update: give --name, --description, --update_apply_type or --max_parallel_subclouds');
    }
    printGroup(command, await orUnable(dcmanagerApi(command).updateGroup(name, request), `update subcloud group ${name}`));
  });

  group
    .command('delete')
    .description('Delete an empty subcloud group (never Default); prints nothing')
    .argument('<group>', 'name or id of the group')
    .option('--yes', YES_HELP)
    .action(async (ref: string, o: { yes?: boolean }, command: Command) => {
      const name = reference('Subcloud group', ref);
      if (!(await confirmedHighRisk(o.yes))) return;
      await orUnable(dcmanagerApi(command).deleteGroup(name), `delete subcloud group ${name}`);
    });

  withOutputOptions(
    group
      .command('list-subclouds')
      .description('List the subclouds of a group, every column')
      .argument('<group>', 'name or id of the group'),
  ).action(async (ref: string, _o, command: Command) => {
    const subclouds = await dcmanagerApi(command).groupSubclouds(reference('Subcloud group', ref));
    const columns = SUBCLOUD_DETAIL_COLUMNS.map((c) => [c, c] as const);
    emit(formatList(subclouds.map(groupSubcloudRow), columns, outputOptions(command)));
  });

  return group;
}
