import { AppError } from '../errors/app-error.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Reads durations such as `30s`, `90m`, `2h`, `1d`, `1h30m` into milliseconds. */
export function parseDuration(text: string, field = 'duration'): number {
  const parts = /^(?:\d+[smhdw])+$/.test(text) ? [...text.matchAll(/(\d+)([smhdw])/g)] : [];
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit!]!, 0);
  if (parts.length === 0 || ms <= 0) throw new AppError('INVALID_INPUT', `${field} "${text}" is not a duration such as 30m, 2h or 1d`, { field });
  return ms;
}
