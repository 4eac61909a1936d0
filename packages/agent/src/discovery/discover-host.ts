import type { HostInventoryReport } from '@murmuration/core/contract/agents';
import { discoverCpus } from './discover-cpus.js';
import { discoverDisks } from './discover-disks.js';
import { discoverMemory, discoverNumaNodes } from './discover-memory.js';
import { discoverNics } from './discover-nics.js';
import type { DiscoveryRoots } from './discovery-roots.js';
import { DiscoveryError, join, readOptional, readText } from './sysfs-reader.js';

/** PRETTY_NAME of an os-release file, else NAME and VERSION. */
function osReleaseName(text: string | null): string {
  if (text === null) return 'unknown';
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
  }
  return fields.get('PRETTY_NAME') ?? ([fields.get('NAME'), fields.get('VERSION')].filter(Boolean).join(' ') || 'unknown');
}

/** Everything the agent reports about a machine, read from its `/sys`, `/proc` and `/etc` (or a fixture's). */
export async function discoverHost(roots: DiscoveryRoots): Promise<HostInventoryReport> {
  const uptimeFile = join(roots.proc, 'uptime');
  const uptime = Number((await readText(uptimeFile)).split(/\s+/)[0]);
  if (!Number.isFinite(uptime)) throw new DiscoveryError(`${uptimeFile} does not start with the seconds since boot`);
  const [cpus, numaNodes, disks, nics, memory] = await Promise.all([
    discoverCpus(roots),
    discoverNumaNodes(roots),
    discoverDisks(roots),
    discoverNics(roots),
    discoverMemory(roots),
  ]);
  return {
    hostname: await readText(join(roots.proc, 'sys/kernel/hostname')),
    kernel: await readText(join(roots.proc, 'sys/kernel/osrelease')),
    osRelease: osReleaseName(await readOptional(join(roots.etc, 'os-release'))),
    bootId: await readText(join(roots.proc, 'sys/kernel/random/boot_id')),
    uptimeSeconds: Math.floor(uptime),
    memTotalMiB: memory.totalMiB,
    memAvailableMiB: memory.availableMiB,
    cpus,
    numaNodes,
    disks,
    nics,
  };
}
