import type { LabelObject } from '@murmuration/core/contract/network';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, type Cell, type OutputOptions } from '../output/printer.js';
import { printError } from '../error-output.js';
import { UsageError } from '../usage-error.js';
import { hostApi } from './system-host-commands.js';

function printLabels(hostname: string, labels: readonly LabelObject[], options: OutputOptions): void {
  const columns: Array<[string, string]> = [
    ['hostname', 'hostname'],
    ['label key', 'label_key'],
    ['label value', 'label_value'],
  ];
  emit(formatList(labels.map((l) => ({ hostname, ...l }) as Record<string, Cell>), columns, options));
}

/** `system host-label-list|host-label-assign|host-label-remove`. */
export function addLabelCommands(system: Command): void {
  withOutputOptions(system.command('host-label-list').description("List a host's labels").argument('<host>', 'hostname, id or uuid')).action(
    async (host: string, _options, command: Command) => {
      const api = hostApi(command);
      const { hostname } = await api.get(host);
      printLabels(hostname, await api.labels(host), outputOptions(command));
    },
  );

  withOutputOptions(
    system
      .command('host-label-assign')
      .description('Set labels on a host: murmur system host-label-assign compute-0 sriov=enabled (the host gets a new configuration)')
      .argument('<host>', 'hostname, id or uuid')
      .argument('<key=value...>', 'labels to set')
      .option('--overwrite', 'change the value of a label the host has already'),
  ).action(async (host: string, pairs: string[], options: { overwrite?: boolean }, command: Command) => {
    const labels: Record<string, string> = {};
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`expected key=value, got ${JSON.stringify(pair)}`);
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const api = hostApi(command);
    const { hostname } = await api.get(host);
    printLabels(hostname, await api.assignLabels(host, labels, options.overwrite === true), outputOptions(command));
  });

  system
    .command('host-label-remove')
    .description('Remove labels from a host')
    .argument('<host>', 'hostname, id or uuid')
    .argument('<key...>', 'label keys to remove')
    .action(async (host: string, keys: string[], _options, command: Command) => {
      const api = hostApi(command);
      const { hostname } = await api.get(host);
      const labels = await api.labels(host);
      for (const key of keys) {
        const label = labels.find((l) => l.label_key === key);
        if (!label) {
          printError(`Host label ${key} not found for host ${hostname}`);
          process.exitCode = 1;
          continue;
        }
        await api.removeLabel(label.uuid);
        console.log(`Deleted host label ${key} for host ${hostname}`);
      }
    });
}
