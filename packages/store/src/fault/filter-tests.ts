import type { CompareOp, TextTest, TimeTest } from '@murmuration/core/fault';
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import { containsText } from '../repos/executor.js';

/** The filters alarms and event-log records share: every test of every field holds. */
export interface FmRecordFilter {
  readonly uuid?: readonly TextTest[];
  readonly entityTypeId?: readonly TextTest[];
  readonly entityInstanceId?: readonly TextTest[];
  readonly severity?: readonly TextTest[];
}

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['=', '<>', '<', '<=', '>', '>=']);

/** The operator, checked before it is written into SQL as is. */
function compareOp(op: string): RawBuilder<unknown> {
  if (!COMPARE_OPS.has(op)) throw new Error(`not a comparison operator: ${op}`);
  return sql.raw(op);
}

/**
 * A text test as SQL, the same in both dialects: comparisons order by code point (PostgreSQL
 * with the "C" collation, SQLite's default), whatever collation the database was made with.
 */
export function textTestSql(dialect: DialectName, column: string, test: TextTest): RawBuilder<boolean> {
  const ref = sql.ref(column);
  switch (test.op) {
    case 'contains':
      return containsText(dialect, column, test.value);
    case 'excludes':
      return sql<boolean>`not (${containsText(dialect, column, test.value)})`;
    case 'in':
      return test.values.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`${ref} in (${sql.join(test.values)})`;
    case 'not in':
      return test.values.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${ref} not in (${sql.join(test.values)})`;
    default:
      return dialect === 'postgres' ? sql<boolean>`${ref} collate "C" ${compareOp(test.op)} ${test.value}` : sql<boolean>`${ref} ${compareOp(test.op)} ${test.value}`;
  }
}

/** A time test as SQL. */
export function timeTestSql(column: string, test: TimeTest): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} ${compareOp(test.op)} ${test.value}`;
}

/** Adds every test of every column to a query. */
export function withTests<Q extends { where(expression: RawBuilder<boolean>): Q }>(
  query: Q,
  dialect: DialectName,
  columns: ReadonlyArray<readonly [string, readonly TextTest[] | undefined]>,
): Q {
  let out = query;
  for (const [column, tests] of columns) {
    for (const test of tests ?? []) out = out.where(textTestSql(dialect, column, test));
  }
  return out;
}
