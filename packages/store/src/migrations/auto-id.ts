import type { CreateTableBuilder } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';

/** An integer `id` primary key that the database numbers, in either dialect. */
export function autoId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
