import { describe, expect, it } from 'vitest';
import { hollowAddressRange, ipv4Number } from '../../src/hollow-subclouds/hollow-addresses.js';
import { createHollowFleet } from '../../src/hollow-subclouds/hollow-fleet.js';
import { hollowManifestLine } from '../../src/hollow-subclouds/hollow-manifest.js';

const fleetOf = (seed: string, count = 50) =>
  createHollowFleet({
    count, firstAddress: '127.1.0.1', port: 7000, seed, softwareVersion: '0.1.0', tokenTtlSeconds: 3600,
    deployMs: 2000, buildMs: 0, releasePublicKey: null, now: Date.now,
  });

describe('hollow subclouds: addresses and generated state', () => {
  it('reads IPv4 addresses and nothing else', () => {
    expect(ipv4Number('127.1.0.1')).toBe(0x7f010001);
    expect(ipv4Number('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['127.1.0', '127.1.0.1.2', '127.1.0.256', '127..0.1', '1270.1.0.1', 'a.b.c.d', '', '::1']) {
      expect(ipv4Number(bad)).toBeNull();
    }
  });

  it('puts subcloud i at the first address + i, across octets, and knows a connection by its local address', () => {
    const range = hollowAddressRange('127.1.0.1', 100_000);
    expect(range.addressOf(0)).toBe('127.1.0.1');
    expect(range.addressOf(255)).toBe('127.1.1.0');
    expect(range.addressOf(99_999)).toBe('127.2.134.160');
    expect(range.indexOf('127.2.134.160')).toBe(99_999);
    expect(range.indexOf('::ffff:127.1.1.0')).toBe(255);
    expect(range.indexOf('127.1.0.0')).toBe(-1);
    expect(range.indexOf('127.0.0.1')).toBe(-1);
  });

  it('refuses a range that covers the control address or leaves IPv4', () => {
    expect(() => hollowAddressRange('127.0.0.0', 5)).toThrow(/127\.0\.0\.1/);
    expect(() => hollowAddressRange('255.255.255.250', 10)).toThrow(RangeError);
    expect(() => hollowAddressRange('localhost', 1)).toThrow(RangeError);
  });

  it('makes the same fleet from the same seed, and another from another seed', () => {
    const lines = (seed: string) => Array.from({ length: 50 }, (_, i) => hollowManifestLine(fleetOf(seed), i));
    expect(lines('a')).toEqual(lines('a'));
    const [a, b] = [lines('a'), lines('b')];
    expect(a.every((line, i) => line.join_token !== b[i]!.join_token)).toBe(true);
    expect(a.every((line, i) => line.region_name !== b[i]!.region_name)).toBe(true);
  });

  it('changes the alarm counts of exactly the subclouds it picks', () => {
    const fleet = fleetOf('c', 1000);
    const before = fleet.subclouds.map((s) => s.alarms);
    const changed = fleet.changeAlarms(100);
    expect(new Set(changed).size).toBe(100);
    const differ = fleet.subclouds.flatMap((s, i) => (s.alarms === before[i] ? [] : [i]));
    expect(differ).toEqual([...changed].sort((x, y) => x - y));
    expect(fleet.changeAlarms(5000)).toHaveLength(1000);
  });
});
