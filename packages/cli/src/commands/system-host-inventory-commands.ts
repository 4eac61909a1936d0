import type { InterfaceObject } from '@murmuration/core/contract/inventory';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, type Cell } from '../output/printer.js';
import { pythonList } from '../output/python-list.js';
import { hostApi } from './system-host-commands.js';

type Columns = Array<[header: string, field: string]>;


/** MiB as GiB with three decimals, as `host-disk-list` shows sizes. */
const gib = (mib: number): number => Math.round((mib / 1024) * 1000) / 1000;

function listCommand(
  system: Command,
  name: string,
  description: string,
  run: (host: string, command: Command, options: Record<string, unknown>) => Promise<string>,
): Command {
  const command = withOutputOptions(system.command(name).description(description).argument('<host>', 'hostname, id or uuid'));
  command.action(async (host: string, options: Record<string, unknown>, self: Command) =>
    emit(await run(host, self, options)),
  );
  return command;
}

/** `system host-cpu-list|host-memory-list|host-disk-list|host-port-list|host-ethernet-port-list|host-if-list`. */
export function addHostInventoryCommands(system: Command): void {
  listCommand(system, 'host-cpu-list', "List a host's logical CPUs and what each is assigned to", async (host, command) => {
    const cpus = [...(await hostApi(command).cpus(host))].sort((a, b) => a.cpu - b.cpu);
    const columns: Columns = [
      ['uuid', 'uuid'],
      ['log_core', 'cpu'],
      ['processor', 'numa_node'],
      ['phy_core', 'core'],
      ['thread', 'thread'],
      ['processor_model', 'cpu_model'],
      ['assigned_function', 'allocated_function'],
    ];
    const rows = cpus.map((c) => ({ ...c, allocated_function: c.allocated_function === 'Vswitch' ? 'vSwitch' : c.allocated_function }) as Record<string, Cell>);
    return formatList(rows, columns, outputOptions(command));
  });

  listCommand(system, 'host-memory-list', "List a host's memory and huge pages per NUMA node", async (host, command) => {
    const api = hostApi(command);
    const [memory, nodes] = await Promise.all([api.memory(host), api.nodes(host)]);
    const nodeOf = new Map(nodes.map((n) => [n.uuid, n.numa_node]));
    const columns: Columns = [
      ['processor', 'numa_node'],
      ['mem_total(MiB)', 'memtotal_mib'],
      ['mem_platform(MiB)', 'platform_reserved_mib'],
      ['mem_avail(MiB)', 'memavail_mib'],
      ['hugepages(hp)_configured', 'hugepages_configured'],
      ['vs_hp_size(MiB)', 'vswitch_hugepages_size_mib'],
      ['vs_hp_total', 'vswitch_hugepages_nr'],
      ['vs_hp_avail', 'vswitch_hugepages_avail'],
      ['vs_hp_reqd', 'vswitch_hugepages_reqd'],
      ['app_total_4K', 'vm_hugepages_nr_4K'],
      ['app_hp_as_percentage', 'vm_pending_as_percentage'],
      ['app_hp_total_2M', 'vm_hugepages_nr_2M'],
      ['app_hp_avail_2M', 'vm_hugepages_avail_2M'],
      ['app_hp_pending_2M', 'vm_hugepages_nr_2M_pending'],
      ['app_hp_total_1G', 'vm_hugepages_nr_1G'],
      ['app_hp_avail_1G', 'vm_hugepages_avail_1G'],
      ['app_hp_pending_1G', 'vm_hugepages_nr_1G_pending'],
      ['app_hp_use_1G', 'vm_hugepages_use_1G'],
    ];
    const rows = memory
      .map(
        (m) =>
          ({
            ...m,
            numa_node: (m.inode_uuid !== null ? nodeOf.get(m.inode_uuid) : undefined) ?? m.numa_node,
          }) as Record<string, Cell>,
      )
      .sort((a, b) => Number(a['numa_node']) - Number(b['numa_node']));
    return formatList(rows, columns, outputOptions(command));
  });

  listCommand(system, 'host-disk-list', "List a host's disks", async (host, command) => {
    const columns: Columns = [
      ['uuid', 'uuid'],
      ['device_node', 'device_node'],
      ['device_num', 'device_num'],
      ['device_type', 'device_type'],
      ['size_gib', 'size_gib'],
      ['available_gib', 'available_gib'],
      ['rpm', 'rpm'],
      ['serial_id', 'serial_id'],
      ['device_path', 'device_path'],
    ];
    const rows = (await hostApi(command).disks(host)).map(
      (d) => ({ ...d, size_gib: gib(d.size_mib), available_gib: gib(d.available_mib) }) as Record<string, Cell>,
    );
    return formatList(rows, columns, outputOptions(command));
  });

  listCommand(system, 'host-port-list', "List a host's physical ports", async (host, command) => {
    const columns: Columns = [
      ['uuid', 'uuid'],
      ['name', 'name'],
      ['type', 'type'],
      ['pci address', 'pciaddr'],
      ['device', 'dev_id'],
      ['processor', 'numa_node'],
      ['accelerated', 'dpdksupport'],
      ['device type', 'pdevice'],
    ];
    return formatList(
      (await hostApi(command).ports(host)).map((p) => ({ ...p }) as Record<string, Cell>),
      columns,
      outputOptions(command),
    );
  });

  listCommand(system, 'host-ethernet-port-list', "List a host's ethernet ports", async (host, command) => {
    const columns: Columns = [
      ['uuid', 'uuid'],
      ['name', 'name'],
      ['mac address', 'mac'],
      ['pci address', 'pciaddr'],
      ['processor', 'numa_node'],
      ['auto neg', 'autoneg'],
      ['device type', 'pdevice'],
      ['boot i/f', 'bootp'],
    ];
    return formatList(
      (await hostApi(command).ethernetPorts(host)).map((p) => ({ ...p }) as Record<string, Cell>),
      columns,
      outputOptions(command),
    );
  });

  listCommand(system, 'host-if-list', "List a host's interfaces (configured ones, or all with -a)", async (host, command, options) => {
    const api = hostApi(command);
    const all = options['all'] === true;
    const interfaces = (await api.interfaces(host))
      .filter((i: InterfaceObject) => all || i.ifclass !== null || i.used_by.length > 0)
      // The system client sorts the rows by their first column, the uuid.
      .sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
    const rows = await Promise.all(
      interfaces.map(async (i) => {
        const ports = await api.interfacePorts(i.uuid);
        const accelerated = ports.length > 0 && ports.every((p) => p.dpdksupport);
        return {
          ...i,
          ports: pythonList(ports.map((p) => p.namedisplay ?? p.name)),
          uses: pythonList(i.uses),
          used_by: pythonList(i.used_by),
          // As the system client builds them: AE settings for bonds, acceleration only for data interfaces.
          attrs: [
            `MTU=${i.imtu}`,
            ...(i.iftype === 'ae' ? [`AE_MODE=${i.aemode}`, ...(i.aemode === 'balanced' || i.aemode === '802.3ad' ? [`AE_XMIT_POLICY=${i.txhashpolicy}`] : [])] : []),
            ...(i.ifclass === 'data' ? [`accelerated=${accelerated ? 'True' : 'False'}`] : []),
          ].join(','),
        } as Record<string, Cell>;
      }),
    );
    const columns: Columns = [
      ['uuid', 'uuid'],
      ['name', 'ifname'],
      ['class', 'ifclass'],
      ['type', 'iftype'],
      ['vlan id', 'vlan_id'],
      ['ports', 'ports'],
      ['uses i/f', 'uses'],
      ['used by i/f', 'used_by'],
      ['attributes', 'attrs'],
    ];
    return formatList(rows, columns, outputOptions(command));
  }).option('-a, --all', 'also list interfaces that are not configured');
}
