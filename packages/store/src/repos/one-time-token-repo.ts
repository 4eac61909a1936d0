import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { Executor } from './executor.js';

/**
 * The columns every table of one-time tokens has. Only a hash of a token is kept (the token
 * itself is shown once, when it is made); a token is spent by setting `used_at` and the column
 * that says who spent it, which each table names for what spends its tokens.
 */
export interface OneTimeTokenColumns {
  uuid: string;
  secret_hash: string;
  description: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A one-time token as kept: never its secret. */
export interface OneTimeTokenRecord {
  readonly uuid: string;
  readonly description: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  /** Who spent it (a host's uuid, a system controller's region and URL), as its table says. */
  readonly usedBy: string | null;
}

/** One-time tokens: made, listed, found by the hash of their secret, spent once, removed. */
export interface OneTimeTokenRepo {
  insert(token: OneTimeTokenRecord, secretHash: string): Promise<void>;
  /** Oldest first. */
  list(): Promise<OneTimeTokenRecord[]>;
  findBySecret(secretHash: string): Promise<OneTimeTokenRecord | null>;
  /** Marks an unused token used; false when it was used already (by a concurrent spender). */
  use(uuid: string, usedBy: string, at: number): Promise<boolean>;
  remove(uuid: string): Promise<boolean>;
}

/** The tables that hold one-time tokens, and for each the columns of its spender. */
type TokenTable = {
  [T in keyof Database]: Database[T] extends OneTimeTokenColumns ? T : never;
}[keyof Database];
type SpenderColumn<T extends TokenTable> = {
  [C in keyof Database[T]]: C extends keyof OneTimeTokenColumns
    ? never
    : Database[T][C] extends string | null ? C : never;
}[keyof Database[T]] & string;

/** Every token table seen under one name, with its spender column as `used_by`: one set of queries serves each. */
interface TokenView {
  tokens: OneTimeTokenColumns & { used_by: string | null };
}

/**
 * The repository of the one-time tokens of `table`, whose spender is written in `usedBy`. The
 * call is checked against the table's columns; the queries run on the view above, with the
 * real table's name and spender column.
 */
export function oneTimeTokenRepo<T extends TokenTable>(
  db: Executor,
  table: T,
  usedBy: SpenderColumn<T>,
): OneTimeTokenRepo {
  const view = db as unknown as Kysely<TokenView>;
  const name = table as unknown as 'tokens';
  const spender = usedBy as unknown as 'used_by';
  const toRecord = (row: Selectable<TokenView['tokens']>): OneTimeTokenRecord => ({
    uuid: row.uuid,
    description: row.description,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    usedBy: row[spender],
  });
  return {
    async insert(token, secretHash) {
      await view
        .insertInto(name)
        .values({
          uuid: token.uuid,
          secret_hash: secretHash,
          description: token.description,
          created_by: token.createdBy,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          used_at: token.usedAt,
          [spender]: token.usedBy,
        })
        .execute();
    },
    async list() {
      return (await view.selectFrom(name).selectAll().orderBy('created_at').orderBy('uuid').execute()).map(toRecord);
    },
    async findBySecret(secretHash) {
      const row = await view.selectFrom(name).selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async use(uuid, by, at) {
      const result = await view
        .updateTable(name)
        .set({ used_at: at, [spender]: by })
        .where('uuid', '=', uuid)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(uuid) {
      const result = await view.deleteFrom(name).where('uuid', '=', uuid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
