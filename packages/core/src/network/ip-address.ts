import ipaddr from 'ipaddr.js';

/** An IP address as a number, with its family (4 or 6); pools do their arithmetic on the number. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export const ADDRESS_BITS: Readonly<Record<4 | 6, number>> = { 4: 32, 6: 128 };

const toValue = (bytes: readonly number[]): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
const toBytes = (value: bigint, count: number): number[] =>
  Array.from({ length: count }, (_, i) => Number((value >> BigInt(8 * (count - 1 - i))) & 0xffn));

/** A dotted quad and nothing else: no shortened, octal or hexadecimal forms, which `ipaddr.js` would also read. */
function parseV4(text: string): bigint | null {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? toValue(ipaddr.IPv4.parse(text).toByteArray()) : null;
}

/**
 * IPv6 in any of RFC 4291's text forms, without a zone. An embedded IPv4 tail is read as a
 * dotted quad into the last 32 bits; `ipaddr.js` alone would take `::1.2.3.4` as `::ffff:1.2.3.4`.
 */
function parseV6(text: string): bigint | null {
  if (text.includes('%')) return null;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let hex = text;
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    if (v4 === null) return null;
    hex = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(hex)) return null;
  return toValue(ipaddr.IPv6.parse(hex).toByteArray());
}

/** Parses an IPv4 or IPv6 address; null when the text is neither. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseV6(text);
    return value === null ? null : { family: 6, value };
  }
  const value = parseV4(text);
  return value === null ? null : { family: 4, value };
}

/** The canonical text of an address: dotted quad, or RFC 5952 compressed lower-case IPv6. */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) return new ipaddr.IPv4(toBytes(address.value, 4)).toString();
  return ipaddr.fromByteArray(toBytes(address.value, 16)).toString();
}

/** The first and last address of a subnet. */
export function subnetBounds(network: IpAddress, prefix: number): { first: bigint; last: bigint } {
  const hostBits = BigInt(ADDRESS_BITS[network.family] - prefix);
  const size = 1n << hostBits;
  const first = (network.value >> hostBits) << hostBits;
  return { first, last: first + size - 1n };
}
