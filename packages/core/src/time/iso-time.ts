/**
 * ISO 8601 as the Python `iso8601` package reads it (oslo's `parse_isotime`, which fm applies to
 * `start` and `end`): extended or basic dates (`2016-01-31`, `20160131`, `2016-01`, `2016`, but
 * not `201601`), then optionally `T` or a space, the hour, minutes and seconds with or without
 * colons, a fraction after `.` or `,`, and `Z` or an offset (`+05`, `+0530`, `+05:30`).
 */
const ISO8601 =
  /^(\d{4})(?:(?:-(\d{1,2})|(\d{2})(?!$))(?:(?:-(\d{1,2})|(\d{2}))(?:[ T](\d{2})(?::?(\d{2}))?(?::?(\d{1,2})(?:[.,](\d+))?)?(Z|([-+])(\d{2}):?(\d{2})?)?)?)?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 time (UTC when it names no zone), or null when it is not one or names no real
 * instant.
 */
export function parseIsoTime(text: string): number | null {
  const m = ISO8601.exec(text);
  if (!m) return null;
  const num = (s: string | undefined, fallback: number): number => (s === undefined ? fallback : Number(s));
  const year = Number(m[1]);
  const month = num(m[2] ?? m[3], 1);
  const day = num(m[4] ?? m[5], 1);
  const hour = num(m[6], 0);
  const minute = num(m[7], 0);
  const second = num(m[8], 0);
  const ms = m[9] === undefined ? 0 : Math.floor(Number(`0.${m[9]}`) * 1000);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // A day past the end of its month rolls over: such a date does not exist.
  if (date.getUTCDate() !== day) return null;
  const offsetMinutes = m[10] === undefined || m[10] === 'Z' ? 0 : (m[11] === '-' ? -1 : 1) * (Number(m[12]) * 60 + num(m[13], 0));
  return date.getTime() - offsetMinutes * 60_000;
}
