import type { HostRecord } from '@murmuration/core/inventory';
import { seededBytes, uuidOf, type HollowSubcloud } from './hollow-subcloud.js';

/**
 * The hosts a hollow subcloud's strategy plans over: as many controllers as its host summary
 * counts (`controller-0`, `controller-1`), unlocked and available, their uuids from the seed.
 */
export function hollowHosts(seed: string, subcloud: HollowSubcloud): HostRecord[] {
  return Array.from({ length: subcloud.hosts.total }, (_, i) => ({
    id: i + 1,
    uuid: uuidOf(seededBytes(seed, subcloud.index, `host ${i}`)),
    hostname: `controller-${i}`,
    personality: 'controller',
    subfunctions: 'controller,worker',
    administrative: 'unlocked',
    operational: 'enabled',
    availability: 'available',
    task: '',
    action: 'none',
    mgmtMac: null,
    mgmtIp: null,
    serialId: null,
    location: {},
    invState: 'inventoried',
    clockSynchronization: 'ntp',
    bootDevice: '',
    rootfsDevice: '',
    console: '',
    installOutput: '',
    uptime: 0,
    configTarget: 0,
    configApplied: 0,
    createdAt: 0,
    updatedAt: null,
  }));
}
