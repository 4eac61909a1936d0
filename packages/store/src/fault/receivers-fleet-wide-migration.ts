import type { Kysely } from 'kysely';
import type { Migration } from '../migrations/migration.js';

/** Which receivers are fleet-wide: pushed to every subcloud, or on a subcloud pushed by its system controller. */
export const receiversFleetWide: Migration = {
  version: 14,
  name: 'receivers-fleet-wide',
  creates: [],
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('receivers')
      .addColumn('fleet_wide', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
