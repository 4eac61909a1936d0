/**
 * Timestamp formats the StarlingX clients expect on the wire.
 * sysinv/fm (wsme): `2024-05-01T10:11:12.123456+00:00`; Keystone: `2024-05-01T10:11:12.123000Z`.
 */
export function sysinvTime(epochMs: number): string {
  return `${isoMillis(epochMs)}000+00:00`;
}

export function keystoneTime(epochMs: number): string {
  return `${isoMillis(epochMs)}000Z`;
}

/** `YYYY-MM-DDTHH:MM:SS.mmm` (listings format thousands of times per request: no regular expressions). */
function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, -1);
}

/** fm: naive UTC ISO time with microseconds, the fraction left out when it is zero (Python's isoformat). */
export function fmTime(epochMs: number): string {
  const iso = isoMillis(epochMs);
  return iso.endsWith('.000') ? iso.slice(0, -4) : `${iso}000`;
}
