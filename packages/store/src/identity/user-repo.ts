import type { UserRecord } from '@murmuration/core/identity';
import { sql, type Selectable, type Updateable } from 'kysely';
import type { UserTable } from './identity-tables.js';
import { fromFlag, toFlag, type Executor } from '../repos/executor.js';

function toRecord(row: Selectable<UserTable>): UserRecord {
  return {
    id: row.id,
    name: row.name,
    enabled: fromFlag(row.enabled),
    defaultProjectId: row.default_project_id,
    description: row.description,
    email: row.email,
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at === null ? null : Number(row.password_changed_at),
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    createdAt: Number(row.created_at),
  };
}

export type UserChanges = Partial<Pick<UserRecord, 'name' | 'enabled' | 'defaultProjectId' | 'description' | 'email'>>;

export interface UserFilter {
  readonly name?: string | undefined;
  readonly enabled?: boolean | undefined;
}

/** Users and their login state (failures, lockout, current password hash). */
export interface UserRepo {
  findById(id: string): Promise<UserRecord | null>;
  findByName(name: string): Promise<UserRecord | null>;
  list(filter: UserFilter): Promise<UserRecord[]>;
  insert(user: UserRecord): Promise<void>;
  update(id: string, changes: UserChanges): Promise<UserRecord | null>;
  /** A new password hash (none: no password login) ends any lockout. */
  setPassword(id: string, passwordHash: string | null, changedAt: number | null): Promise<void>;
  setLoginState(id: string, failedLogins: number, lockedUntil: number | null): Promise<void>;
  /**
   * Counts one failed login in a single statement, so that parallel attempts cannot overwrite
   * each other's count. A lock that has run out is cleared and the count starts again; while a
   * lock holds the count is left alone. Returns the state after counting (null: no such user).
   */
  countFailedLogin(id: string, now: number): Promise<{ failedLogins: number; lockedUntil: number | null } | null>;
  delete(id: string): Promise<boolean>;
}

export function userRepo(db: Executor): UserRepo {
  return {
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async findByName(name) {
      const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async list(filter) {
      let query = db.selectFrom('users').selectAll().orderBy('name');
      if (filter.name !== undefined) query = query.where('name', '=', filter.name);
      if (filter.enabled !== undefined) query = query.where('enabled', '=', toFlag(filter.enabled));
      return (await query.execute()).map(toRecord);
    },
    async insert(user) {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          name: user.name,
          enabled: toFlag(user.enabled),
          default_project_id: user.defaultProjectId,
          description: user.description,
          email: user.email,
          password_hash: user.passwordHash,
          password_changed_at: user.passwordChangedAt,
          failed_logins: user.failedLogins,
          locked_until: user.lockedUntil,
          created_at: user.createdAt,
        })
        .execute();
    },
    async update(id, changes) {
      const set: Updateable<UserTable> = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.enabled !== undefined) set.enabled = toFlag(changes.enabled);
      if (changes.defaultProjectId !== undefined) set.default_project_id = changes.defaultProjectId;
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.email !== undefined) set.email = changes.email;
      if (Object.keys(set).length === 0) return this.findById(id);
      const row = await db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async setPassword(id, passwordHash, changedAt) {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: changedAt, failed_logins: 0, locked_until: null })
        .where('id', '=', id)
        .execute();
    },
    async setLoginState(id, failedLogins, lockedUntil) {
      await db.updateTable('users').set({ failed_logins: failedLogins, locked_until: lockedUntil }).where('id', '=', id).execute();
    },
    async countFailedLogin(id, now) {
      const row = await db
        .updateTable('users')
        .set({
          failed_logins: sql<number>`case when locked_until is null then failed_logins + 1 when locked_until <= ${now} then 1 else failed_logins end`,
          locked_until: sql<number | null>`case when locked_until <= ${now} then null else locked_until end`,
        })
        .where('id', '=', id)
        .returning(['failed_logins', 'locked_until'])
        .executeTakeFirst();
      if (!row) return null;
      return {
        failedLogins: Number(row.failed_logins),
        lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
      };
    },
    async delete(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
