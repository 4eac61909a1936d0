import type { HugepageInventory, NumaNodeInventory } from '@murmuration/core/contract/agents';
import type { DiscoveryRoots } from './discovery-roots.js';
import { DiscoveryError, join, listDir, readInt, readText } from './sysfs-reader.js';

/** `Key: value kB` lines (of /proc/meminfo, or `Node N Key: value kB` of a node's meminfo) in KiB. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(?:Node \d+ )?([A-Za-z0-9_()]+):\s+(\d+)(?: kB)?$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

const mib = (kib: number): number => Math.floor(kib / 1024);

async function hugepagesOf(dir: string): Promise<HugepageInventory[]> {
  const sizes: HugepageInventory[] = [];
  for (const entry of await listDir(dir)) {
    const m = /^hugepages-(\d+)kB$/.exec(entry);
    if (!m) continue;
    sizes.push({
      sizeKiB: Number(m[1]),
      total: (await readInt(join(dir, entry, 'nr_hugepages'))) ?? 0,
      free: (await readInt(join(dir, entry, 'free_hugepages'))) ?? 0,
    });
  }
  return sizes.sort((a, b) => a.sizeKiB - b.sizeKiB);
}

/** The machine's memory: totals from /proc/meminfo. */
export async function discoverMemory(roots: DiscoveryRoots): Promise<{ totalMiB: number; availableMiB: number }> {
  const file = join(roots.proc, 'meminfo');
  const info = parseMeminfo(await readText(file));
  const total = info.get('MemTotal');
  if (total === undefined) throw new DiscoveryError(`${file} has no MemTotal line`);
  return { totalMiB: mib(total), availableMiB: mib(info.get('MemAvailable') ?? info.get('MemFree') ?? 0) };
}

/**
 * Memory per NUMA node, with its huge pages, from `/sys/devices/system/node`. A machine whose
 * kernel has no NUMA support shows one node 0 holding all the memory.
 */
export async function discoverNumaNodes(roots: DiscoveryRoots): Promise<NumaNodeInventory[]> {
  const base = join(roots.sys, 'devices/system/node');
  const nodes = (await listDir(base)).filter((e) => /^node\d+$/.test(e)).map((e) => Number(e.slice(4)));
  if (nodes.length === 0) {
    const memory = await discoverMemory(roots);
    const meminfo = parseMeminfo(await readText(join(roots.proc, 'meminfo')));
    return [{ node: 0, memTotalMiB: memory.totalMiB, memFreeMiB: mib(meminfo.get('MemFree') ?? 0), hugepages: await hugepagesOf(join(roots.sys, 'kernel/mm/hugepages')) }];
  }
  const out: NumaNodeInventory[] = [];
  for (const node of nodes.sort((a, b) => a - b)) {
    const dir = join(base, `node${node}`);
    const file = join(dir, 'meminfo');
    const info = parseMeminfo(await readText(file));
    const total = info.get('MemTotal');
    if (total === undefined) throw new DiscoveryError(`${file} has no MemTotal line`);
    out.push({ node, memTotalMiB: mib(total), memFreeMiB: mib(info.get('MemFree') ?? 0), hugepages: await hugepagesOf(join(dir, 'hugepages')) });
  }
  return out;
}
