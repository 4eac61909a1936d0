import type { DiskInventory } from '@murmuration/core/contract/agents';
import path from 'node:path';
import type { DiscoveryRoots } from './discovery-roots.js';
import { join, listDir, readOptional, readRequiredInt, readText, resolved } from './sysfs-reader.js';

/**
 * Block devices that are not disks: loop, RAM, compressed swap, device-mapper, optical, software RAID and network block
 * devices.
 */
const NOT_A_DISK = /^(loop|ram|zram|dm-|sr|md|nbd|fd)/;

/** `/dev/disk/by-path` links by the device they point at. */
async function byPathLinks(roots: DiscoveryRoots): Promise<Map<string, string>> {
  const dir = join(roots.dev, 'disk/by-path');
  const out = new Map<string, string>();
  for (const entry of await listDir(dir)) {
    const target = await resolved(join(dir, entry));
    const name = target === null ? null : path.basename(target);
    // The shortest link names the device most plainly (no -partN, no long variants).
    if (name !== null && (!out.has(name) || `/dev/disk/by-path/${entry}`.length < out.get(name)!.length)) out.set(name, `/dev/disk/by-path/${entry}`);
  }
  return out;
}

/**
 * Whole disks from `/sys/block`: size, rotational or not, model, serial, WWN, device number and
 * the stable `/dev/disk/by-path` name when udev made one.
 */
export async function discoverDisks(roots: DiscoveryRoots): Promise<DiskInventory[]> {
  const base = join(roots.sys, 'block');
  const paths = await byPathLinks(roots);
  const disks: DiskInventory[] = [];
  for (const name of await listDir(base)) {
    if (NOT_A_DISK.test(name)) continue;
    const dir = join(base, name);
    const sectors = await readRequiredInt(join(dir, 'size'));
    if (sectors <= 0) continue;
    const devFile = join(dir, 'dev');
    const [major, minor] = (await readText(devFile)).split(':').map(Number) as [number, number];
    const rotational = (await readOptional(join(dir, 'queue/rotational'))) === '1';
    const device = join(dir, 'device');
    disks.push({
      name,
      deviceNode: `/dev/${name}`,
      devicePath: paths.get(name) ?? null,
      deviceNum: major * 256 + minor,
      sizeMiB: Math.floor((sectors * 512) / (1024 * 1024)),
      rotational,
      type: name.startsWith('nvme') ? 'NVME' : rotational ? 'HDD' : 'SSD',
      model: (await readOptional(join(device, 'model'))) ?? null,
      serial: (await readOptional(join(device, 'serial'))) ?? (await readOptional(join(dir, 'serial'))),
      wwn: (await readOptional(join(dir, 'wwid'))) ?? (await readOptional(join(device, 'wwid'))),
    });
  }
  return disks;
}
