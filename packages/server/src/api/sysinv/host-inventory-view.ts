import { sysinvTime } from '@murmuration/core/common';
import type {
  CpuObject, DiskObject, EthernetPortObject, InterfaceObject, MemoryObject, NodeObject, PortObject,
} from '@murmuration/core/contract/inventory';
import type { HostRecord, InventoryKind } from '@murmuration/core/inventory';
import type { InventoryItem } from '../../services/inventory/index.js';

const links = (base: string, collection: string, uuid: string) => [
  { href: `${base}/sysinv/v1/${collection}/${uuid}`, rel: 'self' },
  { href: `${base}/sysinv/${collection}/${uuid}`, rel: 'bookmark' },
];

/** What a view of one host's items needs: the host, the URL base, and its NUMA nodes (for `inode_uuid`). */
export interface InventoryViewContext {
  readonly host: HostRecord;
  readonly base: string;
  readonly nodes: ReadonlyMap<number, InventoryItem<'inodes'>>;
  /** Interface uuid by port name, for `interface_uuid`. */
  readonly interfaces: ReadonlyMap<string, string>;
}

function owned(item: InventoryItem, collection: InventoryKind | 'ethernet_ports', ctx: InventoryViewContext) {
  return {
    uuid: item.uuid,
    forihostid: ctx.host.id,
    ihost_uuid: ctx.host.uuid,
    capabilities: {},
    links: links(ctx.base, collection, item.uuid),
    created_at: sysinvTime(item.createdAt),
    updated_at: item.updatedAt === null ? null : sysinvTime(item.updatedAt),
  };
}

export function nodeView(item: InventoryItem<'inodes'>, ctx: InventoryViewContext): NodeObject {
  return { ...owned(item, 'inodes', ctx), numa_node: item.data.numaNode };
}

export function cpuView(item: InventoryItem<'icpus'>, ctx: InventoryViewContext): CpuObject {
  const c = item.data;
  return {
    ...owned(item, 'icpus', ctx),
    cpu: c.cpu,
    core: c.core,
    thread: c.thread,
    numa_node: c.numaNode,
    cpu_family: c.family,
    cpu_model: c.model,
    allocated_function: c.allocatedFunction,
    function: null,
    cpulist: null,
    num_cores_on_processor0: null,
    num_cores_on_processor1: null,
    num_cores_on_processor2: null,
    num_cores_on_processor3: null,
    forinodeid: null,
    inode_uuid: ctx.nodes.get(c.numaNode)?.uuid ?? null,
  };
}

/** Huge pages an amount of memory could hold, as sysinv offers them. */
const possible = (mib: number, pageMiB: number): number => Math.max(0, Math.floor(mib / pageMiB));

export function memoryView(item: InventoryItem<'imemorys'>, ctx: InventoryViewContext): MemoryObject {
  const m = item.data;
  const forApps = Math.max(0, m.memTotalMiB - m.platformReservedMiB);
  return {
    ...owned(item, 'imemorys', ctx),
    numa_node: m.numaNode,
    memtotal_mib: m.memTotalMiB,
    memavail_mib: m.memAvailMiB,
    platform_reserved_mib: m.platformReservedMiB,
    minimum_platform_reserved_mib: m.platformReservedMiB,
    hugepages_configured: m.hugepages2M.total > 0 || m.hugepages1G.total > 0,
    vswitch_hugepages_size_mib: null,
    vswitch_hugepages_reqd: null,
    vswitch_hugepages_nr: 0,
    vswitch_hugepages_avail: 0,
    vm_pending_as_percentage: 'False',
    vm_hugepages_nr_2M: m.hugepages2M.total,
    vm_hugepages_nr_2M_pending: null,
    vm_hugepages_2M_percentage: null,
    vm_hugepages_avail_2M: m.hugepages2M.free,
    vm_hugepages_nr_1G: m.hugepages1G.total,
    vm_hugepages_nr_1G_pending: null,
    vm_hugepages_1G_percentage: null,
    vm_hugepages_avail_1G: m.hugepages1G.free,
    vm_hugepages_nr_4K: Math.max(
      0,
      Math.floor(((forApps - m.hugepages2M.total * 2 - m.hugepages1G.total * 1024) * 1024) / 4),
    ),
    vm_hugepages_use_1G: 'True',
    vm_hugepages_possible_2M: possible(forApps, 2),
    vm_hugepages_possible_1G: possible(forApps, 1024),
    forinodeid: null,
    inode_uuid: ctx.nodes.get(m.numaNode)?.uuid ?? null,
  };
}

export function diskView(item: InventoryItem<'idisks'>, ctx: InventoryViewContext): DiskObject {
  const d = item.data;
  return {
    ...owned(item, 'idisks', ctx),
    capabilities: { model_num: d.model, stor_function: null },
    device_node: d.deviceNode,
    device_type: d.deviceType,
    device_num: d.deviceNum,
    device_id: d.serial === null ? null : `${d.deviceType === 'NVME' ? 'nvme' : 'ata'}-${(d.model ?? '').replace(/\s+/g, '_')}_${d.serial}`,
    device_path: d.devicePath,
    device_wwn: d.wwn,
    size_mib: d.sizeMiB,
    available_mib: d.sizeMiB,
    serial_id: d.serial,
    rpm: d.deviceType === 'HDD' ? 'Undetermined' : 'N/A',
    foristorid: null,
    foripvid: null,
    istor_uuid: null,
    ipv_uuid: null,
  };
}

export function portView(item: InventoryItem<'ports'>, ctx: InventoryViewContext, collection: 'ports' | 'ethernet_ports' = 'ports'): PortObject {
  const p = item.data;
  const node = p.numaNode !== null && p.numaNode >= 0 ? p.numaNode : 0;
  return {
    ...owned(item, collection, ctx),
    capabilities: p.ptpClockIndex === null ? {} : { ptp_clock_index: p.ptpClockIndex },
    type: 'ethernet',
    name: p.name,
    namedisplay: null,
    pciaddr: p.pciAddress,
    dev_id: 0,
    pclass: 'Ethernet controller',
    pvendor: p.vendorId,
    pdevice: p.deviceId,
    psvendor: null,
    psdevice: null,
    numa_node: node,
    sriov_totalvfs: p.sriovTotalVfs,
    sriov_numvfs: p.sriovNumVfs,
    sriov_vfs_pci_address: '',
    sriov_vf_driver: null,
    sriov_vf_pdevice_id: null,
    driver: p.driver,
    dpdksupport: true,
    // Channel counts come from the ETHTOOL_GCHANNELS ioctl, which sysfs does not expose: not discovered.
    numchannels: null,
    maxchannels: null,
    sriov_vf_numchannels: null,
    sriov_vf_maxchannels: null,
    host_uuid: ctx.host.uuid,
    interface_uuid: ctx.interfaces.get(p.name) ?? null,
    node_uuid: ctx.nodes.get(node)?.uuid ?? null,
  };
}

export function ethernetPortView(item: InventoryItem<'ports'>, ctx: InventoryViewContext): EthernetPortObject {
  const p = item.data;
  return {
    ...portView(item, ctx, 'ethernet_ports'),
    mac: p.mac,
    mtu: p.mtu,
    speed: p.speedMbps,
    link_mode: p.operState === 'up' ? '0' : null,
    duplex: null,
    autoneg: null,
    bootp: null,
    bootif: null,
  };
}

export function interfaceView(item: InventoryItem<'iinterfaces'>, ctx: InventoryViewContext): InterfaceObject {
  const i = item.data;
  return {
    ...owned(item, 'iinterfaces', ctx),
    ifname: i.ifname,
    iftype: i.iftype,
    ifclass: i.ifclass,
    imac: i.imac,
    imtu: i.imtu,
    aemode: null,
    txhashpolicy: null,
    primary_reselect: null,
    vlan_id: null,
    uses: [],
    used_by: [],
    ipv4_mode: null,
    ipv4_pool: null,
    ipv6_mode: null,
    ipv6_pool: null,
    sriov_numvfs: 0,
    sriov_vf_driver: null,
    ptp_role: 'none',
    max_tx_rate: null,
    max_rx_rate: null,
    channels: null,
    sriov_vf_channels: null,
    ifcapabilities: {},
  };
}
