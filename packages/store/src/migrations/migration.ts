import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Database } from '../schema.js';

/** One forward-only schema step. `version` orders steps and is recorded once applied. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The tables this step creates (the store's tests check that a migrated database holds exactly those). */
  readonly creates: readonly (keyof Database)[];
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}
