import type { HostInventoryReport } from '@murmuration/core/contract/agents';
import { randomUUID } from 'node:crypto';

/** Distinct NIC addresses for up to 2^21 hollow hosts of up to 8 NICs each. */
const NICS_PER_HOST = 8;

function hollowMac(original: string, host: number, nic: number): string {
  const n = (host * NICS_PER_HOST + (nic % NICS_PER_HOST)) % 0x1000000;
  const octets = [n >> 16, (n >> 8) & 0xff, n & 0xff].map((o) => o.toString(16).padStart(2, '0'));
  return [...original.split(':').slice(0, 3), ...octets].join(':');
}

/**
 * The inventory of hollow host number `index`: the profile's hardware under its own hostname,
 * with MAC addresses, serial numbers and WWNs of its own so that no two hollow hosts collide.
 */
export function hollowReport(profile: HostInventoryReport, hostname: string, index: number): HostInventoryReport {
  const tag = index.toString(16).padStart(6, '0');
  const suffix = (value: string | null): string | null => (value === null ? null : `${value}-${tag}`);
  return {
    ...profile,
    hostname,
    bootId: randomUUID(),
    nics: profile.nics.map((nic, n) => ({ ...nic, mac: hollowMac(nic.mac, index, n) })),
    disks: profile.disks.map((disk) => ({ ...disk, serial: suffix(disk.serial), wwn: suffix(disk.wwn) })),
  };
}
