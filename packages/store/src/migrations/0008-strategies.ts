import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Orchestration strategies: at most one per kind, each step's state kept as the strategy advances. */
export const strategies: Migration = {
  version: 8,
  name: 'strategies',
  creates: ['strategies'],
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('strategies')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
