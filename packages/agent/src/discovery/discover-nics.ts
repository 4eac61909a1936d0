import type { NicInventory } from '@murmuration/core/contract/agents';
import path from 'node:path';
import type { DiscoveryRoots } from './discovery-roots.js';
import { join, linkTarget, listDir, readInt, readOptional, resolved } from './sysfs-reader.js';

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/** The PCI function behind a NIC: its device directory, or the parent for virtio and similar buses. */
async function pciDirOf(device: string): Promise<string | null> {
  const real = await resolved(device);
  if (real === null) return null;
  if (PCI_ADDRESS.test(path.basename(real))) return real;
  const parent = path.dirname(real);
  return PCI_ADDRESS.test(path.basename(parent)) ? parent : null;
}

/**
 * Network interfaces backed by a device, from `/sys/class/net`: MAC, MTU, speed, driver, PCI
 * address and ids, NUMA node, SR-IOV totals and the PTP hardware clock if the NIC has one.
 * Virtual interfaces (loopback, bridges, bonds, tunnels) have no device and are left out.
 */
export async function discoverNics(roots: DiscoveryRoots): Promise<NicInventory[]> {
  const base = join(roots.sys, 'class/net');
  const nics: NicInventory[] = [];
  for (const name of await listDir(base)) {
    const dir = join(base, name);
    const device = join(dir, 'device');
    if ((await resolved(device)) === null) continue;
    const pci = await pciDirOf(device);
    const idsDir = pci ?? device;
    const speed = await readInt(join(dir, 'speed'));
    const driver = await linkTarget(join(device, 'driver'));
    const clocks = (await listDir(join(device, 'ptp'))).filter((e) => /^ptp\d+$/.test(e));
    const numa = await readInt(join(idsDir, 'numa_node'));
    nics.push({
      name,
      mac: (await readOptional(join(dir, 'address'))) ?? '',
      mtu: (await readInt(join(dir, 'mtu'))) ?? 0,
      speedMbps: speed !== null && speed > 0 ? speed : null,
      driver: driver === null ? null : path.basename(driver),
      pciAddress: pci === null ? null : path.basename(pci),
      vendorId: await readOptional(join(idsDir, 'vendor')),
      deviceId: await readOptional(join(idsDir, 'device')),
      numaNode: numa,
      sriovTotalVfs: (await readInt(join(idsDir, 'sriov_totalvfs'))) ?? 0,
      sriovNumVfs: (await readInt(join(idsDir, 'sriov_numvfs'))) ?? 0,
      ptpClockIndex: clocks.length > 0 ? Number(clocks[0]!.slice(3)) : null,
      operState: (await readOptional(join(dir, 'operstate'))) ?? 'unknown',
    });
  }
  return nics;
}
