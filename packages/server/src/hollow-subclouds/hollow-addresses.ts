/**
 * The addresses hollow subclouds answer on: subcloud i at `first + i`, all on one listening port.
 * Linux routes the whole of 127.0.0.0/8 to the loopback device, so each subcloud has a URL of its
 * own on one machine and a connection belongs to exactly one subcloud: the address it was made to.
 */

/** Where the control API is reached; no subcloud may have it. */
export const HOLLOW_CONTROL_ADDRESS = '127.0.0.1';

/** A dotted IPv4 address as a 32-bit number, or null when it is not one (one pass, no allocation). */
export function ipv4Number(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      return null;
    }
  }
  return parts === 4 ? value : null;
}

export function ipv4Text(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export interface HollowAddressRange {
  readonly first: number;
  readonly count: number;
  /** Subcloud i's address. */
  addressOf(index: number): string;
  /** The subcloud a connection's local address belongs to, or -1 (the control address, or any other). */
  indexOf(localAddress: string | undefined): number;
}

/** `count` consecutive addresses from `firstAddress`; refused when they leave IPv4 or cover the control address. */
export function hollowAddressRange(firstAddress: string, count: number): HollowAddressRange {
  const first = ipv4Number(firstAddress);
  if (first === null) throw new RangeError(`--first-address must be an IPv4 address, got ${JSON.stringify(firstAddress)}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`--count must be a positive integer, got ${count}`);
  if (first + count - 1 >= 0xffffffff) throw new RangeError(`${count} addresses from ${firstAddress} run past 255.255.255.254`);
  const control = ipv4Number(HOLLOW_CONTROL_ADDRESS)!;
  if (control >= first && control < first + count) {
    throw new RangeError(`${count} addresses from ${firstAddress} cover ${HOLLOW_CONTROL_ADDRESS}, where the control API is`);
  }
  return {
    first,
    count,
    addressOf: (index) => ipv4Text(first + index),
    indexOf(localAddress) {
      if (localAddress === undefined) return -1;
      const value = ipv4Number(localAddress.startsWith('::ffff:') ? localAddress.slice(7) : localAddress);
      if (value === null) return -1;
      const index = value - first;
      return index >= 0 && index < count ? index : -1;
    },
  };
}
