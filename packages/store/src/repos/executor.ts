import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** What a repository runs its queries on: the database itself or an open transaction. */
export type Executor = Kysely<Database>;

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number): boolean => Number(value) === 1;
