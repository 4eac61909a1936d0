import type { ReceiverObject } from '@murmuration/core/contract/fault';
import { RECEIVER_KINDS, type ReceiverKind } from '@murmuration/core/fault';
import { Option, type Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { fmApi } from './fm-common.js';

function receiverFields(receiver: ReceiverObject): Record<string, Cell> {
  return { ...receiver };
}

/** `fm receiver-add`, `receiver-list`, `receiver-delete`: where alarm changes are delivered. */
export function addReceiverCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('receiver-add')
      .description('Add a receiver; it gets the alarm changes made from now on')
      .argument('<name>', 'receiver name: letters, digits, dots, dashes, underscores')
      .addOption(new Option('--type <type>', 'webhook: JSON POST of each run of changes; alertmanager: a Prometheus Alertmanager').choices(RECEIVER_KINDS).makeOptionMandatory())
      .requiredOption('--url <url>', 'http(s) URL: the webhook, or the base URL of the Alertmanager'),
  ).action(async (name: string, options: { type: ReceiverKind; url: string }, command: Command) => {
    const receiver = await fmApi(command).createReceiver({ name, type: options.type, url: options.url });
    emit(formatObject(receiverFields(receiver), outputOptions(command)));
  });

  withOutputOptions(fm.command('receiver-list').description('List receivers and how far delivery to each has come')).action(async (_o, command: Command) => {
    const receivers = await fmApi(command).listReceivers();
    const columns: Array<[string, string]> = [
      ['Name', 'name'],
      ['Type', 'type'],
      ['URL', 'url'],
      ['Pending', 'pending'],
      ['Failures', 'failures'],
      ['Last Error', 'last_error'],
    ];
    emit(formatList(receivers.map(receiverFields), columns, outputOptions(command)));
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
