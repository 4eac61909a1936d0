import { DEFAULT_OPTIONS_REF, type DcSwUpdateOptionsRequest } from '@murmuration/client';
import type { SwUpdateOptionsObject } from '@murmuration/core/contract/dcmanager-orchestration';
import { Command, InvalidArgumentError, Option } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject } from '../output/printer.js';
import { confirmedHighRisk, dcmanagerApi, orUnable, reference, YES_HELP } from './dcmanager-common.js';
import { OPTIONS_LIST_COLUMNS, optionsFields, optionsListRow } from './dcmanager-strategy-table.js';

/** argparse's `type=int`. */
function integer(value: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new InvalidArgumentError(`invalid int value: '${value}'`);
  return Number(value);
}

const printOptions = (command: Command, o: SwUpdateOptionsObject): void =>
  emit(formatObject(optionsFields(o), { ...outputOptions(command), label: 'Field', sort: false }));

/** The subcloud the options are of; none: the defaults (`SystemController`). */
const subcloudOrDefaults = (subcloud: string | undefined): string =>
  subcloud === undefined ? DEFAULT_OPTIONS_REF : reference('Subcloud', subcloud);

interface UpdateOptions {
  storageApplyType: DcSwUpdateOptionsRequest['storage-apply-type'];
  workerApplyType: DcSwUpdateOptionsRequest['worker-apply-type'];
  maxParallelWorkers: number;
  alarmRestrictionType: DcSwUpdateOptionsRequest['alarm-restriction-type'];
  defaultInstanceAction: DcSwUpdateOptionsRequest['default-instance-action'];
}

/**
 * `murmur dcmanager strategy-config list|show|update|delete`: the options each subcloud's own
 * strategy is made with (dcmanager's sw-update-options), the defaults or per subcloud.
 */
export function strategyConfigCommands(): Command {
  const config = new Command('strategy-config').description(
    'Options of the subclouds\' own strategies (apply types, parallel workers, alarm restriction, instance action)',
  );

  withOutputOptions(
    config
      .command('update')
      .description('Update strategy options, defaults or per subcloud (all five are required)')
      .argument('[subcloud]', 'subcloud name or id, omit to set default options')
      .addOption(new Option('--storage-apply-type <type>', 'storage node apply type').choices(['parallel', 'serial']).makeOptionMandatory())
      .addOption(new Option('--worker-apply-type <type>', 'worker node apply type').choices(['parallel', 'serial']).makeOptionMandatory())
      .addOption(new Option('--max-parallel-workers <n>', 'maximum number of parallel workers').argParser(integer).makeOptionMandatory())
      .addOption(
        new Option('--alarm-restriction-type <type>', 'whether subclouds with alarms are updated (strict, relaxed)')
          .choices(['strict', 'relaxed']).makeOptionMandatory(),
      )
      .addOption(
        new Option('--default-instance-action <action>', 'how instances are handled').choices(['stop-start', 'migrate']).makeOptionMandatory(),
      ),
  ).action(async (subcloud: string | undefined, o: UpdateOptions, command: Command) => {
    const request: DcSwUpdateOptionsRequest = {
      'storage-apply-type': o.storageApplyType,
      'worker-apply-type': o.workerApplyType,
      'max-parallel-workers': o.maxParallelWorkers,
      'alarm-restriction-type': o.alarmRestrictionType,
      'default-instance-action': o.defaultInstanceAction,
    };
    const updated = dcmanagerApi(command).updateSwUpdateOptions(subcloudOrDefaults(subcloud), request);
    printOptions(command, await orUnable(updated, `update strategy options for subcloud ${subcloud ?? 'None'}`));
  });

  withOutputOptions(config.command('list').description('List strategy options: the defaults, then per subcloud')).action(
    async (_o, command: Command) => {
      const options = await dcmanagerApi(command).listSwUpdateOptions();
      const columns = OPTIONS_LIST_COLUMNS.map((c) => [c, c] as const);
      emit(formatList(options.map(optionsListRow), columns, outputOptions(command)));
    },
  );

  withOutputOptions(
    config.command('show').description('Show strategy options, defaults or per subcloud').argument('[subcloud]', 'subcloud name or id, omit to show default options'),
  ).action(async (subcloud: string | undefined, _o, command: Command) => {
    printOptions(command, await dcmanagerApi(command).getSwUpdateOptions(subcloudOrDefaults(subcloud)));
  });

  config
    .command('delete')
    .description('Delete per subcloud strategy options: it takes the defaults again; prints nothing')
    .argument('<subcloud>', 'subcloud name or id')
    .option('--yes', YES_HELP)
    .action(async (subcloud: string, o: { yes?: boolean }, command: Command) => {
      const name = reference('Subcloud', subcloud);
      if (!(await confirmedHighRisk(o.yes))) return;
      await orUnable(dcmanagerApi(command).deleteSwUpdateOptions(name), 'delete strategy options');
    });

  return config;
}
