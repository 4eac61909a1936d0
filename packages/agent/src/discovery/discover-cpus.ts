import type { CpuInventory } from '@murmuration/core/contract/agents';
import type { DiscoveryRoots } from './discovery-roots.js';
import { DiscoveryError, join, listDir, parseCpuList, readRequiredInt, readText } from './sysfs-reader.js';

/** "model name" and "cpu family" of each processor, from /proc/cpuinfo. */
function parseCpuinfo(text: string): Map<number, { model: string; family: string }> {
  const out = new Map<number, { model: string; family: string }>();
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    const processor = fields.get('processor');
    if (processor === undefined || !/^\d+$/.test(processor)) continue;
    out.set(Number(processor), { model: fields.get('model name') ?? fields.get('Processor') ?? '', family: fields.get('cpu family') ?? '' });
  }
  return out;
}

/** The NUMA node of a CPU: the `nodeN` entry in its sysfs directory, else 0 (a machine without NUMA). */
async function numaNodeOf(cpuDir: string): Promise<number> {
  const node = (await listDir(cpuDir)).find((entry) => /^node\d+$/.test(entry));
  return node === undefined ? 0 : Number(node.slice(4));
}

/**
 * Every online logical CPU with its socket, core, thread (its index among the core's
 * hyperthreads) and NUMA node, from `/sys/devices/system/cpu`, and its model from `/proc/cpuinfo`.
 */
export async function discoverCpus(roots: DiscoveryRoots): Promise<CpuInventory[]> {
  const base = join(roots.sys, 'devices/system/cpu');
  const onlineFile = join(base, 'online');
  const online = parseCpuList(await readText(onlineFile), onlineFile);
  const info = parseCpuinfo(await readText(join(roots.proc, 'cpuinfo')));
  const cpus: CpuInventory[] = [];
  for (const cpu of online) {
    const dir = join(base, `cpu${cpu}`);
    const topology = join(dir, 'topology');
    const siblingsFile = join(topology, 'thread_siblings_list');
    const siblings = parseCpuList(await readText(siblingsFile), siblingsFile);
    const thread = siblings.indexOf(cpu);
    if (thread < 0) throw new DiscoveryError(`${siblingsFile} does not list cpu${cpu} itself`);
    cpus.push({
      cpu,
      socket: Math.max(0, await readRequiredInt(join(topology, 'physical_package_id'))),
      core: Math.max(0, await readRequiredInt(join(topology, 'core_id'))),
      thread,
      numaNode: await numaNodeOf(dir),
      model: info.get(cpu)?.model ?? '',
      family: info.get(cpu)?.family ?? '',
    });
  }
  return cpus;
}
