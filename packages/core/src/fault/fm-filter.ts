import { AppError } from '../errors/app-error.js';
import { SEVERITIES, severityRank, type Severity } from './alarm-definition.js';

/** fm's query operators (`q.op`), those fmclient's `-q` writes for `= != < <= > >=`. */
export const FM_QUERY_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type FmQueryOp = (typeof FM_QUERY_OPS)[number];

/** A comparison of a column with a value, as SQL writes it. */
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** One test of a text column: it contains (or not) the value, compares with it, or is one of the values (or not). */
export type TextTest =
  | { readonly op: 'contains' | 'excludes'; readonly value: string }
  | { readonly op: CompareOp; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly values: readonly string[] };

/** One test of a time column (epoch milliseconds). */
export interface TimeTest {
  readonly op: CompareOp;
  readonly value: number;
}

/**
 * How fm reads a filter field: `exact` fields equal the value, `text` fields contain it (as fm's
 * `contains`), `severity` contains it too but orders by how severe it is.
 */
export type TextFieldKind = 'exact' | 'text' | 'severity';

const COMPARE: Readonly<Record<FmQueryOp, CompareOp>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

const ORDERED = (rank: number, op: Exclude<FmQueryOp, 'eq' | 'ne'>, than: number): boolean =>
  op === 'lt' ? rank < than : op === 'le' ? rank <= than : op === 'gt' ? rank > than : rank >= than;

/**
 * The test an fm filter makes on a text field. `eq` is fm's own filter; `ne` is its negation;
 * the orderings compare whole values (alarm ids, being zero-padded, compare as numbers do),
 * and for severities how severe they are (`severity>=major` is major and critical).
 */
export function textTest(field: string, kind: TextFieldKind, op: FmQueryOp, value: string): TextTest {
  if (op === 'eq') return kind === 'exact' ? { op: '=', value } : { op: 'contains', value };
  if (op === 'ne') return kind === 'exact' ? { op: '<>', value } : { op: 'excludes', value };
  if (kind !== 'severity') return { op: COMPARE[op], value };
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new AppError('INVALID_INPUT', `q.op ${op} on ${field} compares severities: the value must be one of ${SEVERITIES.join(', ')}, got ${value}`, { field: 'q.value' });
  }
  const than = severityRank(value as Severity);
  return { op: 'in', values: SEVERITIES.filter((s) => ORDERED(severityRank(s), op, than)) };
}

/**
 * The test an fm time bound makes: `start=T` keeps records at or after T and `end=T` those at or
 * before it, as fm does; with another operator the bound compares the record's time that way.
 */
export function boundTest(bound: 'start' | 'end', op: FmQueryOp, at: number): TimeTest {
  return { op: op === 'eq' ? (bound === 'start' ? '>=' : '<=') : COMPARE[op], value: at };
}

/** Whether a value passes every test (no tests: it passes), for lists filtered in memory. */
export function passesTextTests(tests: readonly TextTest[] | undefined, value: string): boolean {
  return (tests ?? []).every((test) => {
    switch (test.op) {
      case 'contains':
        return value.includes(test.value);
      case 'excludes':
        return !value.includes(test.value);
      case 'in':
        return test.values.includes(value);
      case 'not in':
        return !test.values.includes(value);
      case '=':
        return value === test.value;
      case '<>':
        return value !== test.value;
      case '<':
        return value < test.value;
      case '<=':
        return value <= test.value;
      case '>':
        return value > test.value;
      case '>=':
        return value >= test.value;
    }
  });
}
