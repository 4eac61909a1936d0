import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Database } from '../schema.js';

/** What a repository runs its queries on: the database itself or an open transaction. */
export type Executor = Kysely<Database>;

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number): boolean => Number(value) === 1;

/**
 * A case-sensitive substring test on a text column, the same in both dialects (SQLite's LIKE
 * ignores ASCII case, PostgreSQL's does not).
 */
export function containsText(dialect: DialectName, column: string, value: string): RawBuilder<boolean> {
  return dialect === 'sqlite' ? sql<boolean>`instr(${sql.ref(column)}, ${value}) > 0` : sql<boolean>`strpos(${sql.ref(column)}, ${value}) > 0`;
}
