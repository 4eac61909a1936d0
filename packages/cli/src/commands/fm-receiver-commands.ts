import type { ReceiverObject, ReceiverUpdateBody } from '@murmuration/core/contract/fault';
import { RECEIVER_KINDS, type ReceiverKind } from '@murmuration/core/fault';
import { Option, type Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { fmApi } from './fm-common.js';

function receiverFields(receiver: ReceiverObject): Record<string, Cell> {
  return { ...receiver };
}

const typeOption = () =>
  new Option('--type <type>', 'webhook: JSON POST of each run of changes; alertmanager: a Prometheus Alertmanager')
    .choices(RECEIVER_KINDS);
interface ModifyOptions {
  readonly type?: ReceiverKind;
  readonly url?: string;
  readonly fleetWide?: boolean;
}

const FLEET_WIDE = 'on a system controller: pushed to every managed subcloud with the other fault settings';

/** `fm receiver-add`, `receiver-list`, `receiver-modify`, `receiver-delete`: where alarm changes are delivered. */
export function addReceiverCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('receiver-add')
      .description('Add a receiver; it gets the alarm changes made from now on')
      .argument('<name>', 'receiver name: letters, digits, dots, dashes, underscores')
      .addOption(typeOption().makeOptionMandatory())
      .requiredOption('--url <url>', 'http(s) URL: the webhook, or the base URL of the Alertmanager')
      .option('--fleet-wide', FLEET_WIDE),
  ).action(async (name: string, options: { type: ReceiverKind; url: string; fleetWide?: true }, command: Command) => {
    const receiver = await fmApi(command).createReceiver({
      name, type: options.type, url: options.url, ...(options.fleetWide ? { fleet_wide: true } : {}),
    });
    emit(formatObject(receiverFields(receiver), outputOptions(command)));
  });

  withOutputOptions(fm.command('receiver-list').description('List receivers and how far delivery to each has come')).action(async (_o, command: Command) => {
    const receivers = await fmApi(command).listReceivers();
    const columns: Array<[string, string]> = [
      ['Name', 'name'],
      ['Type', 'type'],
      ['URL', 'url'],
      ['Fleet Wide', 'fleet_wide'],
      ['Pending', 'pending'],
      ['Failures', 'failures'],
      ['Last Error', 'last_error'],
    ];
    emit(formatList(receivers.map(receiverFields), columns, outputOptions(command)));
  });

  withOutputOptions(
    fm
      .command('receiver-modify')
      .description('Change a receiver\'s type, URL or fleet-wide flag; changes not yet delivered go to the new address')
      .argument('<receiver>', 'name or uuid')
      .addOption(typeOption())
      .option('--url <url>', 'http(s) URL: the webhook, or the base URL of the Alertmanager')
      .option('--fleet-wide', FLEET_WIDE)
      .option('--no-fleet-wide', 'this site\'s own receiver: never pushed'),
  ).action(async (nameOrUuid: string, options: ModifyOptions, command: Command) => {
    const change: ReceiverUpdateBody = {
      ...(options.type === undefined ? {} : { type: options.type }),
      ...(options.url === undefined ? {} : { url: options.url }),
      ...(options.fleetWide === undefined ? {} : { fleet_wide: options.fleetWide }),
    };
    if (Object.keys(change).length === 0) throw new UsageError('nothing to modify; give --type, --url, --fleet-wide or --no-fleet-wide');
    const receiver = await fmApi(command).updateReceiver(nameOrUuid, change);
    emit(formatObject(receiverFields(receiver), outputOptions(command)));
  });

  fm.command('receiver-delete')
    .description('Delete a receiver; changes not yet delivered to it are dropped')
    .argument('<receiver>', 'name or uuid')
    .action(async (nameOrUuid: string, _o, command: Command) => {
      const api = fmApi(command);
      const receiver = await api.getReceiver(nameOrUuid);
      await api.deleteReceiver(receiver.uuid);
      console.log(`Receiver ${receiver.name} deleted.`);
    });
}
