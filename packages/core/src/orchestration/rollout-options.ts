import { invalid } from '../errors/app-error.js';

/** Failures a strategy carries on past: a count, or a percentage of the entities it works on. */
export type MaxFailures = { readonly count: number } | { readonly percent: number };

/**
 * What every strategy kind's options hold about how it rolls out: canaries first, their soak, and the failure budget.
 */
export interface RolloutOptions {
  /** The first this many entities go first, in a stage of their own, then `soakSeconds` of clean health. */
  readonly canary: number;
  readonly soakSeconds: number;
  /** Entity failures the strategy carries on past; 0 stops at the first. */
  readonly maxFailures: MaxFailures;
}

/** How many failed entities a strategy over `entities` entities may carry on past. */
export function failureBudget(maxFailures: MaxFailures, entities: number): number {
  return 'count' in maxFailures ? maxFailures.count : Math.floor((entities * maxFailures.percent) / 100);
}

/** `max-failures`: a count (`3`) or a percentage of the entities (`10%`). */
function readMaxFailures(value: unknown): MaxFailures {
  if (value === undefined || value === null) return { count: 0 };
  const text = String(value);
  const m = /^(\d{1,6})(%?)$/.exec(text);
  if (!m || (m[2] === '%' && Number(m[1]) > 100)) throw invalid('max-failures must be a number of hosts (3) or a percentage of them (10%)', { field: 'max-failures' });
  return m[2] === '%' ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

/**
 * Reads `canary`, `soak` and `max-failures` of a create request (the keys as the VIM takes them) and says which is
 * wrong.
 */
export function readRolloutOptions(raw: Readonly<Record<string, unknown>>): RolloutOptions {
  const canary = raw['canary'] ?? 0;
  if (typeof canary !== 'number' || !Number.isInteger(canary) || canary < 0 || canary > 1000) throw invalid('canary must be a number of hosts from 0 to 1000', { field: 'canary' });
  const soak = raw['soak'] ?? 0;
  if (typeof soak !== 'number' || !Number.isInteger(soak) || soak < 0 || soak > 86_400) throw invalid('soak must be a number of seconds from 0 to 86400', { field: 'soak' });
  return { canary, soakSeconds: soak, maxFailures: readMaxFailures(raw['max-failures']) };
}
