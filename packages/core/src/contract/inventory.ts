/**
 * The inventory domain's wire contract: sysinv's system, hosts and their hardware.
 * `@murmuration/core/contract/inventory`.
 */
export {
  CollectionQuery, PatchBody, SysinvRoot, SysinvVersionLinks, SystemCollection, SystemObject,
} from './sysinv.js';
export { HostAddBody, HostCollection, HostListQuery, HostObject, HostRefParam } from './sysinv-hosts.js';
export {
  CpuCollection, CpuObject, DiskCollection, DiskObject, EthernetPortCollection, EthernetPortObject,
  InterfaceCollection, InterfaceObject, MemoryCollection, MemoryObject, NodeCollection, NodeObject, PortCollection,
  PortObject,
} from './sysinv-inventory.js';
