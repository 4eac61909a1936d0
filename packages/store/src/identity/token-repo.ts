import type { TokenRecord } from '@murmuration/core/identity';
import type { Executor } from '../repos/executor.js';

/** Issued tokens, keyed by the SHA-256 of the token so a database copy grants nothing. */
export interface TokenRepo {
  insert(token: TokenRecord): Promise<void>;
  findByHash(hash: string): Promise<TokenRecord | null>;
  deleteByHash(hash: string): Promise<boolean>;
  /** Revokes every token of a user; returns the hashes revoked. */
  deleteByUser(userId: string): Promise<string[]>;
  deleteExpired(now: number): Promise<number>;
}

export function tokenRepo(db: Executor): TokenRepo {
  return {
    async insert(token) {
      await db
        .insertInto('tokens')
        .values({
          hash: token.hash,
          user_id: token.userId,
          project_id: token.projectId,
          methods: token.methods.join(','),
          audit_id: token.auditId,
          issued_at: token.issuedAt,
          expires_at: token.expiresAt,
        })
        .execute();
    },
    async findByHash(hash) {
      const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
      if (!row) return null;
      return {
        hash: row.hash,
        userId: row.user_id,
        projectId: row.project_id,
        methods: row.methods.split(','),
        auditId: row.audit_id,
        issuedAt: Number(row.issued_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async deleteByHash(hash) {
      const result = await db.deleteFrom('tokens').where('hash', '=', hash).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteByUser(userId) {
      const rows = await db.deleteFrom('tokens').where('user_id', '=', userId).returning('hash').execute();
      return rows.map((r) => r.hash);
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('tokens').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
