import { conflict, invalid } from '../errors/app-error.js';
import { ADDRESS_BITS, formatIp, parseIp, subnetBounds, type IpAddress } from './ip-address.js';

/** How a pool hands out addresses (sysinv `order`). */
export const POOL_ORDERS = ['random', 'sequential'] as const;
export type PoolOrder = (typeof POOL_ORDERS)[number];

/** The special addresses a pool may name (sysinv keeps them beside the ranges). */
export const POOL_ROLES = ['floating_address', 'controller0_address', 'controller1_address', 'gateway_address'] as const;
export type PoolRole = (typeof POOL_ROLES)[number];

/** An address pool (sysinv `addrpool`): a subnet, the ranges it hands out, and its special addresses. */
export interface AddressPoolRecord {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly family: 4 | 6;
  readonly network: string;
  readonly prefix: number;
  readonly order: PoolOrder;
  /** Inclusive [start, end] ranges, canonical text. */
  readonly ranges: ReadonlyArray<readonly [string, string]>;
  readonly roles: Readonly<Record<PoolRole, string | null>>;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

export type NewAddressPool = Omit<AddressPoolRecord, 'id' | 'uuid' | 'createdAt' | 'updatedAt'>;

/** One address handed out from a pool. */
export interface AllocatedAddress {
  readonly uuid: string;
  readonly poolUuid: string;
  readonly address: string;
  readonly name: string | null;
  readonly hostUuid: string | null;
  readonly createdAt: number;
}

function text(body: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be text`, { field });
  return value.trim();
}

/** What can be handed out in a subnet by default: all but the network address (and the IPv4 broadcast address). */
function usable(network: IpAddress, prefix: number): { first: bigint; last: bigint } {
  const { first, last } = subnetBounds(network, prefix);
  return network.family === 4 && prefix <= 30
    ? { first: first + 1n, last: last - 1n }
    : network.family === 6
      ? { first: first + 1n, last }
      : { first, last };
}

/** Parses one address of the pool's subnet, or says which field is wrong and why. */
function member(field: string, value: string, network: IpAddress, prefix: number): bigint {
  const address = parseIp(value);
  if (!address) throw invalid(`${field} ${JSON.stringify(value)} is not an IP address`, { field });
  if (address.family !== network.family) throw invalid(`${field} ${value} is IPv${address.family}; the pool is IPv${network.family}`, { field });
  const bounds = usable(network, prefix);
  if (address.value < bounds.first || address.value > bounds.last) {
    throw invalid(`${field} ${value} is outside ${formatIp(network)}/${prefix} (or is its network or broadcast address)`, { field });
  }
  return address.value;
}

/** Reads ranges given as `start-end` text (comma separated, as the CLI takes them) or as [[start, end], …] lists. */
function rangeList(value: unknown): Array<[string, string]> {
  if (typeof value === 'string') {
    return value.split(',').map((part) => {
      const [start, end, ...rest] = part.trim().split('-');
      if (!start || rest.length > 0) throw invalid(`ranges: ${JSON.stringify(part.trim())} is not start-end`, { field: 'ranges' });
      return [start, end ?? start];
    });
  }
  if (!Array.isArray(value) || value.length === 0) throw invalid('ranges must be a non-empty list of [start, end] pairs', { field: 'ranges' });
  return value.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw invalid('each range must be [start, end] of two addresses', { field: 'ranges' });
    }
    return [pair[0], pair[1]];
  });
}

/** Checks ranges against the pool's subnet: inside it, in order, not overlapping. Returns them canonical and sorted. */
export function checkRanges(value: unknown, network: IpAddress, prefix: number): Array<[string, string]> {
  const parsed = rangeList(value).map(([start, end]) => {
    const from = member('ranges', start, network, prefix);
    const to = member('ranges', end, network, prefix);
    if (from > to) throw invalid(`ranges: ${start}-${end} ends before it starts`, { field: 'ranges' });
    return { from, to };
  });
  parsed.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.from <= parsed[i - 1]!.to) throw invalid('ranges overlap', { field: 'ranges' });
  }
  const fmt = (v: bigint) => formatIp({ family: network.family, value: v });
  return parsed.map(({ from, to }) => [fmt(from), fmt(to)]);
}

/**
 * Checks a subnet as a pool gives it: an address without host bits and a prefix (a number, or
 * digits as text) that leaves at least four addresses. Returns it in canonical form.
 */
export function checkSubnet(networkValue: unknown, prefix: unknown): Pick<AddressPoolRecord, 'family' | 'network' | 'prefix'> {
  const networkText = typeof networkValue === 'string' ? networkValue.trim() : undefined;
  const network = networkText === undefined ? null : parseIp(networkText);
  if (!network) throw invalid(`network ${JSON.stringify(networkValue ?? null)} is not an IP address`, { field: 'network' });
  const bits = ADDRESS_BITS[network.family];
  const prefixValue = typeof prefix === 'string' && /^\d+$/.test(prefix) ? Number(prefix) : prefix;
  if (typeof prefixValue !== 'number' || !Number.isInteger(prefixValue) || prefixValue < 1 || prefixValue > bits - 2) {
    throw invalid(`prefix must be an integer from 1 to ${bits - 2} for an IPv${network.family} pool`, { field: 'prefix' });
  }
  const { first } = subnetBounds(network, prefixValue);
  if (first !== network.value) {
    throw invalid(`network ${networkText} has host bits set for /${prefixValue}; the subnet is ${formatIp({ family: network.family, value: first })}/${prefixValue}`, { field: 'network' });
  }
  return { family: network.family, network: formatIp(network), prefix: prefixValue };
}

/** Checks a new pool: a real subnet without host bits, ranges inside it, special addresses inside it and distinct. */
export function readNewPool(body: Readonly<Record<string, unknown>>): NewAddressPool {
  const name = text(body, 'name');
  if (!name || name.length > 255) throw invalid('name is required (1 to 255 characters)', { field: 'name' });
  const subnet = checkSubnet(body['network'], body['prefix']);
  const network = parseIp(subnet.network)!;
  const order = text(body, 'order') ?? 'random';
  if (!(POOL_ORDERS as readonly string[]).includes(order)) throw invalid(`order must be one of ${POOL_ORDERS.join(', ')}`, { field: 'order' });
  const whole = usable(network, subnet.prefix);
  const fmt = (v: bigint) => formatIp({ family: network.family, value: v });
  const ranges = body['ranges'] === undefined || body['ranges'] === null ? [[fmt(whole.first), fmt(whole.last)] as [string, string]] : checkRanges(body['ranges'], network, subnet.prefix);
  const given = Object.fromEntries(POOL_ROLES.map((role) => [role, text(body, role) ?? null])) as Record<
    PoolRole,
    string | null
  >;
  return { name, ...subnet, order: order as PoolOrder, ranges, roles: checkPoolRoles({ ...subnet, ranges }, given) };
}

/**
 * Checks a pool's special addresses as sysinv does: each inside the subnet and neither its
 * network nor (IPv4) its broadcast address, each but the gateway inside the ranges, no two the
 * same. Returns them in canonical form.
 */
export function checkPoolRoles(
  pool: Pick<AddressPoolRecord, 'family' | 'network' | 'prefix' | 'ranges'>,
  roles: Readonly<Record<PoolRole, string | null>>,
): Record<PoolRole, string | null> {
  const out = {} as Record<PoolRole, string | null>;
  const seen = new Map<bigint, string>();
  for (const role of POOL_ROLES) {
    const value = roles[role];
    if (value === null) {
      out[role] = null;
      continue;
    }
    const address = poolMember(pool, role, value);
    if (role !== 'gateway_address' && !inRanges(pool, address)) {
      const ranges = pool.ranges.map(([start, end]) => `${start}-${end}`).join(', ');
      throw invalid(`${role} ${value} is outside the ranges of the pool (${ranges}); only the gateway may lie outside them`, { field: role });
    }
    const clash = seen.get(address);
    if (clash) throw conflict(`${role} ${value} is already the pool's ${clash}`, { field: role });
    seen.set(address, role);
    out[role] = formatIp({ family: pool.family, value: address });
  }
  return out;
}

/** The words sysinv reads as "no address" when a special address is patched. */
const NO_ADDRESS = new Set(['', 'none', 'null', 'nothing', 'empty', 'undefined', 'unspecified']);

/** A special address as a PATCH gives it: text, or null (or one of sysinv's words for none) to clear it. */
export function patchedRole(role: PoolRole, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(`${role} must be an IP address, or none to clear it`, { field: role });
  const trimmed = value.trim();
  return NO_ADDRESS.has(trimmed.toLowerCase()) ? null : trimmed;
}

/** How many addresses the ranges hold. */
export function rangeSize(ranges: AddressPoolRecord['ranges']): bigint {
  return ranges.reduce((sum, [start, end]) => sum + parseIp(end)!.value - parseIp(start)!.value + 1n, 0n);
}

/** The numeric value of an address of the pool, or the refusal naming the field. */
export function poolMember(pool: Pick<AddressPoolRecord, 'family' | 'network' | 'prefix'>, field: string, value: string): bigint {
  return member(field, value, parseIp(pool.network)!, pool.prefix);
}

/** Whether an address lies in one of the pool's ranges. */
export function inRanges(pool: Pick<AddressPoolRecord, 'ranges'>, value: bigint): boolean {
  return pool.ranges.some(([start, end]) => parseIp(start)!.value <= value && value <= parseIp(end)!.value);
}

/**
 * The next address to hand out: the lowest free one (sequential), or a free one from a random
 * place in the ranges (random). `taken` holds the allocated and the special addresses. Null when
 * the ranges are full.
 */
export function nextFreeAddress(
  pool: AddressPoolRecord,
  taken: ReadonlySet<bigint>,
  random: () => number,
): string | null {
  const ranges = pool.ranges.map(([s, e]) => ({ from: parseIp(s)!.value, to: parseIp(e)!.value }));
  const size = rangeSize(pool.ranges);
  const at = (offset: bigint): bigint => {
    let rest = offset;
    for (const r of ranges) {
      const n = r.to - r.from + 1n;
      if (rest < n) return r.from + rest;
      rest -= n;
    }
    throw new Error('offset beyond the ranges');
  };
  // A random start: 53 random bits are plenty to spread choices over any pool.
  const start = pool.order === 'sequential' ? 0n : BigInt(Math.floor(random() * 2 ** 53)) % size;
  // At most |taken| + 1 steps find a free address, however large the pool.
  for (let step = 0n; step <= BigInt(taken.size) && step < size; step++) {
    const value = at((start + step) % size);
    if (!taken.has(value)) return formatIp({ family: pool.family, value });
  }
  return null;
}
