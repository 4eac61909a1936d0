import { AppError, parseIsoTime } from '@murmuration/core/common';
import {
  boundTest, FM_QUERY_OPS, textTest, type FmQueryOp, type TextFieldKind, type TextTest, type TimeTest,
} from '@murmuration/core/fault';

/** The query-string parts of fm's filter encoding, each one value or a list. */
export interface FilterParams {
  readonly 'q.field'?: string | string[] | undefined;
  readonly 'q.op'?: string | string[] | undefined;
  readonly 'q.type'?: string | string[] | undefined;
  readonly 'q.value'?: string | string[] | undefined;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The filters of one fm listing, read field by field as fm reads each kind of field. */
export interface FmFilters {
  /** The tests on a text field; undefined when the query does not name it. */
  text(field: string, kind: TextFieldKind): TextTest[] | undefined;
  /** The tests `start` and `end` make on the record's time; undefined when the query names neither. */
  times(): TimeTest[] | undefined;
}

/**
 * Reads `q.field`/`q.op`/`q.value` lists (matched by position; `q.type` is ignored, as fm
 * ignores it) into filters. Every operator fmclient's `-q` writes is read (see `textTest`);
 * unknown fields and operators are refused rather than ignored.
 */
export function parseFilters(params: FilterParams, fields: readonly string[]): FmFilters {
  const names = list(params['q.field']);
  const ops = list(params['q.op']);
  const values = list(params['q.value']);
  if (values.length !== names.length) {
    throw new AppError('INVALID_INPUT', `every q.field needs a q.value: got ${names.length} fields and ${values.length} values`, { field: 'q.value' });
  }
  const conditions = names.map((field, i) => {
    if (!fields.includes(field)) throw new AppError('INVALID_INPUT', `q.field ${field} is not a filter; use one of ${fields.join(', ')}`, { field: 'q.field' });
    const op = ops[i] === undefined || ops[i] === '' ? 'eq' : ops[i]!;
    if (!(FM_QUERY_OPS as readonly string[]).includes(op)) throw new AppError('INVALID_INPUT', `q.op ${op} is not one of ${FM_QUERY_OPS.join(', ')}`, { field: 'q.op' });
    return { field, op: op as FmQueryOp, value: values[i]! };
  });
  const tests = <T>(
    wanted: (field: string) => boolean,
    test: (c: (typeof conditions)[number]) => T,
  ): T[] | undefined => {
    const found = conditions.filter((c) => wanted(c.field));
    return found.length === 0 ? undefined : found.map(test);
  };
  return {
    text: (field, kind) => tests((f) => f === field, (c) => textTest(c.field, kind, c.op, c.value)),
    times: () => tests((f) => f === 'start' || f === 'end', (c) => boundTest(c.field as 'start' | 'end', c.op, filterTime(c.field, c.value))),
  };
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

/**
 * Reads a time given in a filter as fm does (oslo's parse_isotime: ISO 8601, basic or extended; UTC unless it names a
 * zone).
 */
function filterTime(field: string, value: string): number {
  const ms = parseIsoTime(value.trim());
  if (ms === null) throw new AppError('INVALID_INPUT', `Invalid date '${value}' specified for ${field}: use ISO 8601, e.g. 20160131 10:23:45 or 2016-01-31T10:23:45`, { field: 'q.value' });
  return ms;
}
