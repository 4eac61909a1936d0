import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Where a host's last deployment started from (a rollback's destination), and what its failing hook said. */
export const deployHostHistory: Migration = {
  version: 9,
  name: 'deploy-host-history',
  creates: [],
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('host_software').addColumn('from_release', 'text').execute();
    await db.schema.alterTable('host_software').addColumn('hook_output', 'text').execute();
  },
};
