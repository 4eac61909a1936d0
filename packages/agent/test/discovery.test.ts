import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiscoveryError, discoverHost, fixtureRoots, hostRoots } from '@murmuration/agent';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-discovery-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('discovery on the two-socket SMT server fixture', async () => {
  const report = await discoverHost(await fixtureRoots('dual-socket-server', scratch));

  it('finds 32 CPUs: socket, core, hyperthread and NUMA node for each, as Linux numbers them', () => {
    expect(report.cpus).toHaveLength(32);
    const expected = Array.from({ length: 32 }, (_, cpu) => {
      const socket = Math.floor((cpu % 16) / 8);
      return { cpu, socket, core: cpu % 8, thread: cpu < 16 ? 0 : 1, numaNode: socket };
    });
    expect(
      report.cpus.map(({ cpu, socket, core, thread, numaNode }) => ({ cpu, socket, core, thread, numaNode })),
    ).toEqual(expected);
    expect(new Set(report.cpus.map((c) => c.model))).toEqual(new Set(['Intel(R) Xeon(R) Gold 6338N CPU @ 2.20GHz']));
    expect(report.cpus[0]!.family).toBe('6');
  });

  it('reads memory and huge pages per NUMA node', () => {
    expect(report.numaNodes).toEqual([
      {
        node: 0, memTotalMiB: 65_536, memFreeMiB: 40_960,
        hugepages: [{ sizeKiB: 2048, total: 1024, free: 512 }, { sizeKiB: 1_048_576, total: 8, free: 8 }],
      },
      {
        node: 1, memTotalMiB: 65_536, memFreeMiB: 50_000,
        hugepages: [{ sizeKiB: 2048, total: 512, free: 512 }, { sizeKiB: 1_048_576, total: 4, free: 2 }],
      },
    ]);
    expect([report.memTotalMiB, report.memAvailableMiB]).toEqual([131_072, 98_304]);
  });

  it('finds the NVMe and the SATA disk with size, kind, model, serial, WWN and by-path name, and leaves loop devices out', () => {
    expect(report.disks).toEqual([
      {
        name: 'nvme0n1', deviceNode: '/dev/nvme0n1', devicePath: '/dev/disk/by-path/pci-0000:5e:00.0-nvme-1', deviceNum: 259 * 256, sizeMiB: 953_869,
        rotational: false, type: 'NVME', model: 'SAMSUNG MZQL2960HCJR-00A07', serial: 'S64FNE0R123456', wwn: 'eui.36344630529001230025384500000001',
      },
      {
        name: 'sda', deviceNode: '/dev/sda', devicePath: '/dev/disk/by-path/pci-0000:00:17.0-ata-1', deviceNum: 8 * 256, sizeMiB: 3_815_447,
        rotational: true, type: 'HDD', model: 'ST4000NM000A-2HZ100', serial: 'WJG0ABCD', wwn: 'naa.5000c500c1234567',
      },
    ]);
  });

  it('finds the four NICs with PCI facts, SR-IOV totals and the one PTP hardware clock, and leaves virtual ones out', () => {
    expect(report.nics.map((n) => n.name)).toEqual(['enp81s0f0', 'enp81s0f1', 'ens3f0', 'ens3f1']);
    expect(report.nics[0]).toEqual({
      name: 'enp81s0f0', mac: 'b4:96:91:a1:b2:c0', mtu: 9000, speedMbps: 25_000, driver: 'ice', pciAddress: '0000:51:00.0', vendorId: '0x8086',
      deviceId: '0x159b', numaNode: 0, sriovTotalVfs: 128, sriovNumVfs: 8, ptpClockIndex: 0, operState: 'up',
    });
    expect(report.nics.map((n) => n.ptpClockIndex)).toEqual([0, null, null, null]);
    expect(report.nics[3]).toMatchObject({ speedMbps: null, operState: 'down', numaNode: 1, driver: 'i40e', sriovTotalVfs: 64 });
  });

  it('reads the host facts', () => {
    expect(report).toMatchObject({ hostname: 'edge-server-17', kernel: '6.1.0-28-rt-amd64', osRelease: 'Debian GNU/Linux 12 (bookworm)', bootId: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f', uptimeSeconds: 86_400 });
  });
});

describe('discovery on the small all-in-one fixture (no NUMA in the kernel)', async () => {
  const report = await discoverHost(await fixtureRoots('small-aio', scratch));

  it('finds four cores without hyperthreads on one socket and one node 0 holding all memory', () => {
    expect(report.cpus.map((c) => [c.cpu, c.socket, c.core, c.thread, c.numaNode])).toEqual([
      [0, 0, 0, 0, 0], [1, 0, 1, 0, 0], [2, 0, 2, 0, 0], [3, 0, 3, 0, 0],
    ]);
    expect(report.numaNodes).toEqual([
      { node: 0, memTotalMiB: 16_384, memFreeMiB: 9000, hugepages: [{ sizeKiB: 2048, total: 0, free: 0 }] },
    ]);
  });

  it('finds one SSD and one NIC without SR-IOV or PTP', () => {
    expect(report.disks.map((d) => [d.name, d.type, d.sizeMiB, d.wwn])).toEqual([['sda', 'SSD', 244_198, null]]);
    expect(report.nics).toEqual([
      { name: 'eno1', mac: 'ac:1f:6b:10:20:30', mtu: 1500, speedMbps: 1000, driver: 'igb', pciAddress: '0000:02:00.0', vendorId: '0x8086', deviceId: '0x1533', numaNode: -1, sriovTotalVfs: 0, sriovNumVfs: 0, ptpClockIndex: null, operState: 'up' },
    ]);
  });
});

describe('discovery on the machine running the tests', async () => {
  const report = await discoverHost(hostRoots());

  it('counts the CPUs nproc counts and the memory /proc/meminfo states', () => {
    expect(report.cpus).toHaveLength(Number(execFileSync('nproc', ['--all']).toString().trim()));
    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(report.memTotalMiB).toBe(Math.floor(memTotalKiB / 1024));
    expect(report.hostname).toBe(readFileSync('/proc/sys/kernel/hostname', 'utf8').trim());
    expect(report.bootId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives well-formed disks and NICs, whatever this machine has', () => {
    for (const disk of report.disks) {
      expect(disk.sizeMiB).toBeGreaterThan(0);
      expect(disk.deviceNode).toBe(`/dev/${disk.name}`);
      expect(disk.name).not.toMatch(/^(loop|ram|zram)/);
    }
    for (const nic of report.nics) {
      expect(nic.name).not.toBe('lo');
      expect(nic.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    }
  });
});

describe('discovery on a broken tree', () => {
  it('names the essential file it could not read or understand', async () => {
    const roots = await fixtureRoots('small-aio', scratch);
    const broken = path.join(scratch, 'broken');
    execFileSync('cp', ['-a', path.dirname(roots.sys), broken]);
    const at = (tree: string) => ({ sys: path.join(broken, 'sys'), proc: path.join(broken, 'proc'), etc: path.join(broken, 'etc'), dev: path.join(broken, tree) });
    rmSync(path.join(broken, 'proc/cpuinfo'));
    await expect(discoverHost(at('dev'))).rejects.toThrow(new DiscoveryError(`cannot read ${path.join(broken, 'proc/cpuinfo')}: ENOENT`));
    writeFileSync(path.join(broken, 'proc/cpuinfo'), '');
    writeFileSync(path.join(broken, 'sys/devices/system/cpu/online'), 'zero to three');
    await expect(discoverHost(at('dev'))).rejects.toThrow(`${path.join(broken, 'sys/devices/system/cpu/online')} is not a CPU list`);
  });
});
