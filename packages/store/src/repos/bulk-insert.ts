import { CompiledQuery } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from './executor.js';

/** Rows per statement: well under both dialects' bound-parameter limits. */
export const BULK_CHUNK = 500;

const texts = new Map<string, string>();

function statementText(
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  rows: number,
  suffix: string,
): string {
  const key = `${dialect}|${table}|${rows}|${suffix}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = (): string => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
    const values = Array.from({ length: rows }, tuple).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}${suffix ? ` ${suffix}` : ''}`;
    if (texts.size > 2000) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/**
 * Inserts many rows with one statement per chunk, without building a query tree per row: the
 * append paths (event log, audit log, alarm upserts) write dozens of rows per commit, where
 * the query builder's cost per value would dominate.
 */
export async function bulkInsert<Row extends Record<string, unknown>>(
  db: Executor,
  dialect: DialectName,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  suffix = '',
): Promise<void> {
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    const part = rows.slice(i, i + BULK_CHUNK);
    const params: unknown[] = [];
    for (const row of part) for (const column of columns) params.push(row[column]);
    await db.executeQuery(CompiledQuery.raw(statementText(dialect, table, columns, part.length, suffix), params));
  }
}
