/**
 * Timestamp formats the StarlingX clients expect on the wire.
 * sysinv/fm (wsme): `2024-05-01T10:11:12.123456+00:00`; Keystone: `2024-05-01T10:11:12.123000Z`.
 */
export function sysinvTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

export function keystoneTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** fm: naive UTC ISO time with microseconds, the fraction left out when it is zero (Python's isoformat). */
export function fmTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.replace(/\.(\d{3})Z$/, '.$1000');
}
