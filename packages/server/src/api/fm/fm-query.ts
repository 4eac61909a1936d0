import { AppError } from '@murmuration/core';

/** The query-string parts of fm's filter encoding, each one value or a list. */
export interface FilterParams {
  readonly 'q.field'?: string | string[] | undefined;
  readonly 'q.op'?: string | string[] | undefined;
  readonly 'q.type'?: string | string[] | undefined;
  readonly 'q.value'?: string | string[] | undefined;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Reads `q.field`/`q.op`/`q.value` lists (matched by position) into field → value. Only `eq`
 * is a filter fm honours; other operators and unknown fields are refused rather than ignored.
 */
export function parseFilters(params: FilterParams, fields: readonly string[]): Map<string, string> {
  const names = list(params['q.field']);
  const ops = list(params['q.op']);
  const values = list(params['q.value']);
  if (values.length !== names.length) {
    throw new AppError('INVALID_INPUT', `every q.field needs a q.value: got ${names.length} fields and ${values.length} values`, { field: 'q.value' });
  }
  const out = new Map<string, string>();
  names.forEach((name, i) => {
    if (!fields.includes(name)) throw new AppError('INVALID_INPUT', `q.field ${name} is not a filter; use one of ${fields.join(', ')}`, { field: 'q.field' });
    const op = ops[i] ?? 'eq';
    if (op !== 'eq' && op !== '') throw new AppError('INVALID_INPUT', `q.op ${op} is not supported for ${name}: only eq filters`, { field: 'q.op' });
    out.set(name, values[i]!);
  });
  return out;
}

/** fm's boolean query parameters: absent, empty, False, 0 and no are false; anything else is true. */
export function fmFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return !(v === '' || v === 'false' || v === '0' || v === 'no');
}

/** Checks `sort_dir` (asc or desc) as fm does. */
export function sortDirection(value: string | undefined, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  if (value === undefined || value === '') return fallback;
  if (value !== 'asc' && value !== 'desc') {
    throw new AppError('INVALID_INPUT', `Invalid sort direction: ${value}. Acceptable values are 'asc' or 'desc'`, { field: 'sort_dir' });
  }
  return value;
}

/** Reads an ISO-8601 time given in a filter (naive times are UTC, as fm stores them). */
export function filterTime(field: string, value: string): number {
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError('INVALID_INPUT', `Invalid date '${value}' specified for ${field}`, { field: 'q.value' });
  return ms;
}
