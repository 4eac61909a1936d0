/**
 * Timestamp formats the StarlingX clients expect on the wire, one per API family.
 * sysinv and fm (wsme, times in UTC): `2024-05-01T10:11:12.123456+00:00`; Keystone: `2024-05-01T10:11:12.123000Z`.
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

/**
 * dcmanager's times as pecan writes a database row (Python's `str(datetime)`, no zone):
 * `2024-05-01 10:11:12.123000`, the fraction left out when it is zero.
 */
export function pythonTime(epochMs: number): string {
  const text = isoMillis(epochMs);
  return epochMs % 1000 === 0 ? text.slice(0, 19).replace('T', ' ') : `${text.replace('T', ' ')}000`;
}

/** dcmanager's times in replies built over its RPC (`isoformat`, always the fraction): `2024-05-01T10:11:12.123000`. */
export function pythonIsoTime(epochMs: number): string {
  return `${isoMillis(epochMs)}000`;
}
