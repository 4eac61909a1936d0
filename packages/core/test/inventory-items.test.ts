import { describe, expect, it } from 'vitest';
import type { CpuInventory, HostInventoryReport } from '@murmuration/core/contract/agents';
import { INVENTORY_KINDS, platformReservedMiB, reportedInventory, type CpuFunction } from '@murmuration/core/inventory';

const MODEL = 'Intel(R) Xeon(R) Gold 6338N CPU @ 2.20GHz';

/**
 * Logical CPUs numbered as Linux numbers a two-socket SMT machine: every core's first thread
 * first (socket by socket), then all the hyperthread siblings in the same order.
 */
function smtCpus(sockets: number, coresPerSocket: number): CpuInventory[] {
  const cores = sockets * coresPerSocket;
  const cpus: CpuInventory[] = [];
  for (let thread = 0; thread < 2; thread += 1) {
    for (let socket = 0; socket < sockets; socket += 1) {
      for (let core = 0; core < coresPerSocket; core += 1) {
        cpus.push({ cpu: thread * cores + socket * coresPerSocket + core, socket, core, thread, numaNode: socket, model: MODEL, family: '6' });
      }
    }
  }
  return cpus;
}

/** A dual-socket server with SMT, huge pages on both nodes, an NVMe SSD, a SATA HDD and three NICs. */
const report: HostInventoryReport = {
  hostname: 'edge-server-17',
  kernel: '6.1.0-28-rt-amd64',
  osRelease: 'Debian GNU/Linux 12 (bookworm)',
  bootId: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
  uptimeSeconds: 86_400,
  memTotalMiB: 131_072,
  memAvailableMiB: 98_304,
  cpus: smtCpus(2, 4),
  numaNodes: [
    {
      node: 0, memTotalMiB: 65_536, memFreeMiB: 40_960,
      hugepages: [{ sizeKiB: 2048, total: 1024, free: 512 }, { sizeKiB: 1_048_576, total: 8, free: 6 }],
    },
    // No 1 GiB pool on this node: the kernel shows none, and the row says zero.
    { node: 1, memTotalMiB: 65_536, memFreeMiB: 50_000, hugepages: [{ sizeKiB: 2048, total: 512, free: 500 }] },
  ],
  disks: [
    {
      name: 'nvme0n1', deviceNode: '/dev/nvme0n1', devicePath: '/dev/disk/by-path/pci-0000:5e:00.0-nvme-1',
      deviceNum: 66_304, sizeMiB: 953_869, rotational: false, type: 'NVME', model: 'SAMSUNG MZQL2960HCJR-00A07',
      serial: 'S64FNE0R123456', wwn: 'eui.36344630529001230025384500000001',
    },
    {
      name: 'sda', deviceNode: '/dev/sda', devicePath: null, deviceNum: 2048, sizeMiB: 3_815_447, rotational: true,
      type: 'HDD', model: 'ST4000NM000A-2HZ100', serial: 'WJG0ABCD', wwn: null,
    },
  ],
  nics: [
    {
      name: 'enp81s0f0', mac: 'b4:96:91:a1:b2:c0', mtu: 9000, speedMbps: 25_000, driver: 'ice',
      pciAddress: '0000:51:00.0', vendorId: '0x8086', deviceId: '0x159b', numaNode: 0, sriovTotalVfs: 128,
      sriovNumVfs: 8, ptpClockIndex: 0, operState: 'up',
    },
    {
      name: 'enp81s0f1', mac: 'b4:96:91:a1:b2:c1', mtu: 1500, speedMbps: 25_000, driver: 'ice',
      pciAddress: '0000:51:00.1', vendorId: '0x8086', deviceId: '0x159b', numaNode: 0, sriovTotalVfs: 128,
      sriovNumVfs: 0, ptpClockIndex: null, operState: 'up',
    },
    {
      name: 'ens3f0', mac: '3c:fd:fe:c4:d5:e0', mtu: 1500, speedMbps: null, driver: 'i40e', pciAddress: '0000:af:00.0',
      vendorId: '0x8086', deviceId: '0x1572', numaNode: 1, sriovTotalVfs: 64, sriovNumVfs: 0, ptpClockIndex: null,
      operState: 'down',
    },
  ],
};

const none = new Map<number, CpuFunction>();

describe('platform memory reserved per NUMA node', () => {
  it('keeps the most on the first node of a controller, less on a worker, and a fixed share on the other nodes', () => {
    expect(platformReservedMiB(0, 'controller')).toBe(8000);
    expect(platformReservedMiB(0, 'worker')).toBe(4000);
    expect(platformReservedMiB(0, 'storage')).toBe(4000);
    expect(platformReservedMiB(1, 'controller')).toBe(2000);
    expect(platformReservedMiB(3, 'worker')).toBe(2000);
  });
});

describe('inventory rows of an agent report', () => {
  it('fills every sub-collection sysinv keeps, each item keyed by what names it on its host', () => {
    const items = reportedInventory(report, 'worker', none);
    expect(Object.keys(items).sort()).toEqual([...INVENTORY_KINDS].sort());
    expect(items.inodes).toEqual([{ key: '0', data: { numaNode: 0 } }, { key: '1', data: { numaNode: 1 } }]);
    expect(items.icpus.map((c) => c.key)).toEqual(report.cpus.map((c) => String(c.cpu)));
    expect(items.imemorys.map((m) => m.key)).toEqual(['0', '1']);
    expect(items.idisks.map((d) => d.key)).toEqual(['/dev/nvme0n1', '/dev/sda']);
    expect(items.ports.map((p) => p.key)).toEqual(['enp81s0f0', 'enp81s0f1', 'ens3f0']);
    expect(items.iinterfaces.map((i) => i.key)).toEqual(['enp81s0f0', 'enp81s0f1', 'ens3f0']);
  });

  it('gives the first core of node 0 and its hyperthread sibling to the platform, every other CPU to applications', () => {
    const { icpus } = reportedInventory(report, 'worker', none);
    expect(icpus.filter((c) => c.data.allocatedFunction === 'Platform').map((c) => c.data.cpu)).toEqual([0, 8]);
    expect(icpus.filter((c) => c.data.allocatedFunction === 'Application')).toHaveLength(14);
    // Core 0 of the second socket is not the platform's.
    expect(icpus.find((c) => c.data.cpu === 4)?.data).toEqual({ cpu: 4, socket: 1, core: 0, thread: 0, numaNode: 1, model: MODEL, family: '6', allocatedFunction: 'Application' });
    expect(icpus.find((c) => c.data.cpu === 12)?.data).toMatchObject({ socket: 1, core: 0, thread: 1, numaNode: 1 });
  });

  it('keeps the function a CPU already has when it is reported again', () => {
    const known = new Map<number, CpuFunction>([[0, 'Platform'], [8, 'Platform'], [1, 'Application-isolated'], [9, 'Application-isolated'], [5, 'Vswitch']]);
    const { icpus } = reportedInventory(report, 'worker', known);
    const fn = (cpu: number) => icpus.find((c) => c.data.cpu === cpu)?.data.allocatedFunction;
    expect([fn(0), fn(8), fn(1), fn(9), fn(5), fn(2)]).toEqual(['Platform', 'Platform', 'Application-isolated', 'Application-isolated', 'Vswitch', 'Application']);
  });

  it('holds each node\'s memory with its 2 MiB and 1 GiB huge pages, zero where a size has no pool', () => {
    const { imemorys } = reportedInventory(report, 'controller', none);
    expect(imemorys.map((m) => m.data)).toEqual([
      {
        numaNode: 0, memTotalMiB: 65_536, memAvailMiB: 40_960, platformReservedMiB: 8000,
        hugepages2M: { total: 1024, free: 512 }, hugepages1G: { total: 8, free: 6 },
      },
      {
        numaNode: 1, memTotalMiB: 65_536, memAvailMiB: 50_000, platformReservedMiB: 2000,
        hugepages2M: { total: 512, free: 500 }, hugepages1G: { total: 0, free: 0 },
      },
    ]);
  });

  it('holds disks by device node with their type, size, path, wwn, serial and model', () => {
    const { idisks } = reportedInventory(report, 'worker', none);
    expect(idisks.map((d) => d.data)).toEqual([
      {
        deviceNode: '/dev/nvme0n1', deviceNum: 66_304, deviceType: 'NVME', devicePath: '/dev/disk/by-path/pci-0000:5e:00.0-nvme-1',
        wwn: 'eui.36344630529001230025384500000001', sizeMiB: 953_869, serial: 'S64FNE0R123456', model: 'SAMSUNG MZQL2960HCJR-00A07',
      },
      { deviceNode: '/dev/sda', deviceNum: 2048, deviceType: 'HDD', devicePath: null, wwn: null, sizeMiB: 3_815_447, serial: 'WJG0ABCD', model: 'ST4000NM000A-2HZ100' },
    ]);
  });

  it('holds ports with their PCI, SR-IOV and PTP clock facts, and one unconfigured ethernet interface per port', () => {
    const { ports, iinterfaces } = reportedInventory(report, 'worker', none);
    expect(ports.map((p) => p.data)).toEqual(report.nics);
    expect(ports.map((p) => p.data.ptpClockIndex)).toEqual([0, null, null]);
    expect(iinterfaces.map((i) => i.data)).toEqual([
      { ifname: 'enp81s0f0', iftype: 'ethernet', ifclass: null, imac: 'b4:96:91:a1:b2:c0', imtu: 9000, port: 'enp81s0f0' },
      { ifname: 'enp81s0f1', iftype: 'ethernet', ifclass: null, imac: 'b4:96:91:a1:b2:c1', imtu: 1500, port: 'enp81s0f1' },
      { ifname: 'ens3f0', iftype: 'ethernet', ifclass: null, imac: '3c:fd:fe:c4:d5:e0', imtu: 1500, port: 'ens3f0' },
    ]);
  });

  it('gives the platform the first core of the machine when no CPU sits on node 0', () => {
    const offNode = { ...report, cpus: report.cpus.map((c) => ({ ...c, numaNode: c.numaNode + 2 })) };
    const { icpus } = reportedInventory(offNode, 'worker', none);
    expect(icpus.filter((c) => c.data.allocatedFunction === 'Platform').map((c) => c.data.cpu)).toEqual([0, 8]);
  });
});
