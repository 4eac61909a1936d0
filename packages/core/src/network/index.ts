/** Networks, address pools and IP addresses. `@murmuration/core/network`. */
export { ADDRESS_BITS, formatIp, parseIp, subnetBounds } from './ip-address.js';
export type { IpAddress } from './ip-address.js';
export {
  POOL_ORDERS, POOL_ROLES, checkPoolRoles, checkRanges, checkSubnet, inRanges, nextFreeAddress, patchedRole,
  poolMember, rangeSize, readNewPool,
} from './address-pool.js';
export type { AddressPoolRecord, AllocatedAddress, NewAddressPool, PoolOrder, PoolRole } from './address-pool.js';
export { NETWORK_TYPES, readNewNetwork } from './network.js';
export type { NetworkRecord, NetworkType, NewNetworkInput } from './network.js';
