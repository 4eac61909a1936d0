import type { HostInventoryReport } from '../contract/agent.js';

/** The sysinv sub-collections an agent's report fills, by their collection names. */
export const INVENTORY_KINDS = ['inodes', 'icpus', 'imemorys', 'idisks', 'ports', 'iinterfaces'] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

/** sysinv's CPU functions (`constants.CPU_FUNCTIONS`), capitalised as the API shows them. */
export const CPU_FUNCTIONS = ['Platform', 'Vswitch', 'Shared', 'Application', 'Application-isolated', 'None'] as const;
export type CpuFunction = (typeof CPU_FUNCTIONS)[number];

export interface NodeItem {
  readonly numaNode: number;
}

export interface CpuItem {
  readonly cpu: number;
  readonly socket: number;
  readonly core: number;
  readonly thread: number;
  readonly numaNode: number;
  readonly model: string;
  readonly family: string;
  readonly allocatedFunction: CpuFunction;
}

export interface MemoryItem {
  readonly numaNode: number;
  readonly memTotalMiB: number;
  readonly memAvailMiB: number;
  readonly platformReservedMiB: number;
  readonly hugepages2M: { readonly total: number; readonly free: number };
  readonly hugepages1G: { readonly total: number; readonly free: number };
}

export interface DiskItem {
  readonly deviceNode: string;
  readonly deviceNum: number;
  readonly deviceType: 'HDD' | 'SSD' | 'NVME';
  readonly devicePath: string | null;
  readonly wwn: string | null;
  readonly sizeMiB: number;
  readonly serial: string | null;
  readonly model: string | null;
}

export interface PortItem {
  readonly name: string;
  readonly mac: string;
  readonly mtu: number;
  readonly speedMbps: number | null;
  readonly driver: string | null;
  readonly pciAddress: string | null;
  readonly vendorId: string | null;
  readonly deviceId: string | null;
  readonly numaNode: number | null;
  readonly sriovTotalVfs: number;
  readonly sriovNumVfs: number;
  readonly ptpClockIndex: number | null;
  readonly operState: string;
}

export interface InterfaceItem {
  readonly ifname: string;
  readonly iftype: 'ethernet';
  readonly ifclass: string | null;
  readonly imac: string;
  readonly imtu: number;
  /** The port the interface sits on. */
  readonly port: string;
}

/** What each kind of item holds. */
export interface InventoryItemData {
  readonly inodes: NodeItem;
  readonly icpus: CpuItem;
  readonly imemorys: MemoryItem;
  readonly idisks: DiskItem;
  readonly ports: PortItem;
  readonly iinterfaces: InterfaceItem;
}

/** One item as reported: what identifies it on its host, and its content. */
export interface ReportedItem<K extends InventoryKind = InventoryKind> {
  readonly key: string;
  readonly data: InventoryItemData[K];
}

export type ReportedInventory = { readonly [K in InventoryKind]: ReadonlyArray<ReportedItem<K>> };

/**
 * Memory kept for the platform on a NUMA node before applications get any: more on the first node, as sysinv reserves.
 */
export function platformReservedMiB(numaNode: number, personality: string): number {
  if (numaNode !== 0) return 2000;
  return personality === 'controller' ? 8000 : 4000;
}

/**
 * The items of a report, as sysinv's inventory would record them. New CPUs go to applications
 * except the first core of the first node (with its hyperthread siblings), kept for the
 * platform; a CPU already known keeps the function it was given.
 */
export function reportedInventory(
  report: HostInventoryReport,
  personality: string,
  known: ReadonlyMap<number, CpuFunction>,
): ReportedInventory {
  const first = report.cpus.find((c) => c.numaNode === 0) ?? report.cpus[0];
  const pages = (node: HostInventoryReport['numaNodes'][number], sizeKiB: number) => {
    const found = node.hugepages.find((h) => h.sizeKiB === sizeKiB);
    return { total: found?.total ?? 0, free: found?.free ?? 0 };
  };
  return {
    inodes: report.numaNodes.map((n) => ({ key: String(n.node), data: { numaNode: n.node } })),
    icpus: report.cpus.map((c) => ({
      key: String(c.cpu),
      data: {
        cpu: c.cpu,
        socket: c.socket,
        core: c.core,
        thread: c.thread,
        numaNode: c.numaNode,
        model: c.model,
        family: c.family,
        allocatedFunction:
          known.get(c.cpu) ??
          (first && c.socket === first.socket && c.core === first.core && c.numaNode === first.numaNode
            ? 'Platform'
            : 'Application'),
      },
    })),
    imemorys: report.numaNodes.map((n) => ({
      key: String(n.node),
      data: {
        numaNode: n.node,
        memTotalMiB: n.memTotalMiB,
        memAvailMiB: n.memFreeMiB,
        platformReservedMiB: platformReservedMiB(n.node, personality),
        hugepages2M: pages(n, 2048),
        hugepages1G: pages(n, 1_048_576),
      },
    })),
    idisks: report.disks.map((d) => ({
      key: d.deviceNode,
      data: {
        deviceNode: d.deviceNode,
        deviceNum: d.deviceNum,
        deviceType: d.type,
        devicePath: d.devicePath,
        wwn: d.wwn,
        sizeMiB: d.sizeMiB,
        serial: d.serial,
        model: d.model,
      },
    })),
    ports: report.nics.map((n) => ({ key: n.name, data: { ...n } })),
    iinterfaces: report.nics.map((n) => ({
      key: n.name,
      data: { ifname: n.name, iftype: 'ethernet', ifclass: null, imac: n.mac, imtu: n.mtu, port: n.name },
    })),
  };
}
