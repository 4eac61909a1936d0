import type { Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';

/** One forward-only schema step. `version` orders steps and is recorded once applied. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}
