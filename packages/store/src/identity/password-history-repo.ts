import type { Executor } from '../repos/executor.js';

/** Hashes of a user's previous passwords, newest first, for the no-reuse rule. */
export interface PasswordHistoryRepo {
  add(userId: string, passwordHash: string, at: number): Promise<void>;
  recent(userId: string, count: number): Promise<string[]>;
  /** Keeps only the newest `keep` entries of the user. */
  trim(userId: string, keep: number): Promise<void>;
}

export function passwordHistoryRepo(db: Executor): PasswordHistoryRepo {
  return {
    async add(userId, passwordHash, at) {
      await db.insertInto('password_history').values({ user_id: userId, password_hash: passwordHash, created_at: at }).execute();
    },
    async recent(userId, count) {
      if (count <= 0) return [];
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(count)
        .execute();
      return rows.map((r) => r.password_hash);
    },
    async trim(userId, keep) {
      const kept = db.selectFrom('password_history').select('id').where('user_id', '=', userId).orderBy('id', 'desc').limit(Math.max(keep, 0));
      await db.deleteFrom('password_history').where('user_id', '=', userId).where('id', 'not in', kept).execute();
    },
  };
}
