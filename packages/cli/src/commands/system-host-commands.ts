import { HostApi } from '@murmuration/client';
import type { HostObject } from '@murmuration/core/contract/inventory';
import { HOST_PATCHABLE_FIELDS, PERSONALITIES } from '@murmuration/core/inventory';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell, type OutputOptions } from '../output/printer.js';
import { modificationsToPatch } from './modifications.js';

/** The host API of the controller the command's options point at. */
export function hostApi(command: Command): HostApi {
  return new HostApi(connect(command).session);
}

const SHOW_FIELDS = [
  'id', 'uuid', 'personality', 'hostname', 'invprovision', 'administrative', 'operational', 'availability', 'task', 'action', 'mgmt_mac',
  'serialid', 'capabilities', 'bm_type', 'bm_username', 'bm_ip', 'config_applied', 'config_target', 'config_status', 'location', 'uptime',
  'reserved', 'created_at', 'updated_at', 'boot_device', 'rootfs_device', 'hw_settle', 'install_output', 'console', 'tboot',
  'vim_progress_status', 'install_state', 'install_state_info', 'inv_state', 'clock_synchronization', 'device_image_update', 'reboot_needed',
  'max_cpu_mhz_configured', 'min_cpu_mhz_allowed', 'max_cpu_mhz_allowed', 'cstates_available', 'apparmor', 'iscsi_initiator_name',
  'nvme_host_id', 'nvme_host_nqn', 'sw_version',
] as const;

/** The rows `system host-show` prints, in its order, with the rows it adds only when they apply. */
export function hostShowFields(host: HostObject): Record<string, Cell> {
  const fields: Record<string, Cell> = {};
  const record = host as unknown as Record<string, Cell>;
  for (const name of SHOW_FIELDS) fields[name] = record[name];
  for (const name of ['install_state', 'install_state_info'] as const) {
    if (typeof host[name] === 'string') fields[name] = host[name].replace(/\+$/, '');
  }
  if (host.subfunctions !== host.personality) {
    fields['subfunctions'] = host.subfunctions;
    fields['subfunction_oper'] = host.subfunction_oper;
    fields['subfunction_avail'] = host.subfunction_avail;
  }
  if (host.peers) fields['peers'] = host.peers;
  if (host.vsc_controllers !== undefined) fields['vsc_controllers'] = host.vsc_controllers;
  if (host.ttys_dcd !== undefined) fields['ttys_dcd'] = host.ttys_dcd;
  return fields;
}

export function printHost(host: HostObject, options: OutputOptions): void {
  emit(formatObject(hostShowFields(host), { ...options, sort: false }));
}

const LIST_COLUMNS: Array<[string, string]> = [
  ['id', 'id'],
  ['hostname', 'hostname'],
  ['personality', 'personality'],
  ['administrative', 'administrative'],
  ['operational', 'operational'],
  ['availability', 'availability'],
];

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1) throw new InvalidArgumentError('must be a number of seconds, at least 0.1');
  return n;
}

/** Redraws the host list whenever it changes, until Ctrl-C. */
async function watchHosts(api: HostApi, options: OutputOptions, intervalMs: number): Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let shown: string | null = null;
  try {
    while (!stopped) {
      const text = formatList((await api.list()).map((h) => ({ ...h }) as Record<string, Cell>), LIST_COLUMNS, options);
      if (text !== shown) {
        if (process.stdout.isTTY) process.stdout.write('\u001b[2J\u001b[H');
        else if (shown !== null) process.stdout.write('\n');
        process.stdout.write(`${text}\n`);
        shown = text;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

/** `system host-list|host-show|host-add|host-update|host-delete`. */
export function addHostCommands(system: Command): void {
  withOutputOptions(
    system
      .command('host-list')
      .description('List hosts')
      .option('--watch', 'keep the list on screen and redraw it whenever a host changes (Ctrl-C to stop)')
      .option('--interval <seconds>', 'how often --watch asks the controller', seconds, 2),
  ).action(async (options: { watch?: boolean; interval: number }, command: Command) => {
    const api = hostApi(command);
    if (options.watch) return watchHosts(api, outputOptions(command), options.interval * 1000);
    emit(
      formatList(
        (await api.list()).map((h) => ({ ...h }) as Record<string, Cell>),
        LIST_COLUMNS,
        outputOptions(command),
      ),
    );
  });

  withOutputOptions(
    system.command('host-show').description('Show a host').argument('<host>', 'hostname, id or uuid'),
  ).action(async (host: string, _options, command: Command) =>
    printHost(await hostApi(command).get(host), outputOptions(command)),
  );

  withOutputOptions(
    system
      .command('host-add')
      .description('Add a host; it stays locked and offline until its agent joins and reports')
      .requiredOption('-n, --hostname <hostname>', 'the hostname (controller-0/1, storage-N, or any name for a worker)')
      .addOption(new Option('-p, --personality <personality>', 'what the host is for').choices(PERSONALITIES).makeOptionMandatory())
      .option('-m, --mgmt_mac <mac>', 'MAC address of its management interface')
      .option('-s, --serialid <serial>', 'serial number')
      .option('--location <location>', 'where the host is'),
  ).action(async (
    options: { hostname: string; personality: string; mgmt_mac?: string; serialid?: string; location?: string },
    command: Command,
  ) => {
    const body = {
      hostname: options.hostname,
      personality: options.personality,
      ...(options.mgmt_mac !== undefined ? { mgmt_mac: options.mgmt_mac } : {}),
      ...(options.serialid !== undefined ? { serialid: options.serialid } : {}),
      ...(options.location !== undefined ? { location: options.location } : {}),
    };
    printHost(await hostApi(command).add(body), outputOptions(command));
  });

  withOutputOptions(
    system
      .command('host-update')
      .description(`Change host attributes: murmur system host-update compute-0 location="rack 7" (keys: ${HOST_PATCHABLE_FIELDS.join(', ')})`)
      .argument('<host>', 'hostname, id or uuid')
      .argument('<key=value...>', 'attributes to change'),
  ).action(async (host: string, pairs: string[], _options, command: Command) => {
    const patch = modificationsToPatch(pairs, {}, HOST_PATCHABLE_FIELDS);
    printHost(await hostApi(command).patch(host, patch), outputOptions(command));
  });

  system
    .command('host-delete')
    .description('Delete a locked host; its alarms are cleared')
    .argument('<host...>', 'hostnames, ids or uuids')
    .action(async (hosts: string[], _options, command: Command) => {
      const api = hostApi(command);
      for (const host of hosts) {
        await api.remove(host);
        console.log(`Deleted host ${host}`);
      }
    });
}
