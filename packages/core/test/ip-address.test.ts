import { describe, expect, it } from 'vitest';
import {
  formatIp, nextFreeAddress, parseIp, readNewPool, subnetBounds, type AddressPoolRecord,
} from '@murmuration/core/network';

describe('IP addresses', () => {
  it('parses and prints IPv4 in dotted quads, refusing what is not one', () => {
    expect(parseIp('192.168.204.2')).toEqual({ family: 4, value: 0xc0a8cc02n });
    for (const bad of ['192.168.204', '192.168.204.256', '01.2.3.4', '1.2.3.4.5', '', 'a.b.c.d']) expect(parseIp(bad)).toBeNull();
    expect(formatIp({ family: 4, value: 0x0a000001n })).toBe('10.0.0.1');
  });

  it('parses IPv6 in every written form and prints it as RFC 5952 says', () => {
    const cases: Array<[string, string]> = [
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['::', '::'],
      ['::1', '::1'],
      ['FD00::', 'fd00::'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['fd00:0:0:1::', 'fd00:0:0:1::'],
      ['::1.2.3.4', '::102:304'],
    ];
    for (const [input, canonical] of cases) expect(formatIp(parseIp(input)!)).toBe(canonical);
    for (const bad of [':::', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'fe80::1%eth0', '::ffff:01.2.3.4']) expect(parseIp(bad)).toBeNull();
  });

  it('computes subnet bounds', () => {
    expect(subnetBounds(parseIp('10.1.2.0')!, 23)).toEqual({ first: parseIp('10.1.2.0')!.value, last: parseIp('10.1.3.255')!.value });
  });
});

describe('address pools', () => {
  const pool = (body: Record<string, unknown>): AddressPoolRecord => ({ ...readNewPool(body), id: 1, uuid: 'u', createdAt: 0, updatedAt: null });

  it('hands out the lowest free address in sequential order, across ranges', () => {
    const p = pool({ name: 'p', network: '10.0.0.0', prefix: 24, order: 'sequential', ranges: '10.0.0.10-10.0.0.11,10.0.0.20-10.0.0.21' });
    const taken = new Set([parseIp('10.0.0.10')!.value, parseIp('10.0.0.11')!.value]);
    expect(nextFreeAddress(p, taken, Math.random)).toBe('10.0.0.20');
    taken.add(parseIp('10.0.0.20')!.value).add(parseIp('10.0.0.21')!.value);
    expect(nextFreeAddress(p, taken, Math.random)).toBeNull();
  });

  it('starts from a random place in random order and wraps around to find a free one', () => {
    const p = pool({ name: 'p', network: '10.0.0.0', prefix: 29, order: 'random' });
    const all = [1, 2, 3, 4, 5, 6].map((n) => parseIp(`10.0.0.${n}`)!.value);
    const taken = new Set(all.filter((v) => v !== all[1]));
    // Whatever the random start, the one free address is found.
    for (const r of [0, 0.3, 0.99]) expect(nextFreeAddress(p, taken, () => r)).toBe('10.0.0.2');
  });

  it('finds a free address in a /64 at once, however large the pool', () => {
    const p = pool({ name: 'p', network: 'fd00::', prefix: 64, order: 'random' });
    const address = nextFreeAddress(p, new Set(), () => 0.5)!;
    expect(parseIp(address)!.family).toBe(6);
  });
});
