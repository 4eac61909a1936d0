import type { Executor } from '../repos/executor.js';

/** Which system controller adopted this controller, and the account it was given. */
export interface MembershipRecord {
  readonly subcloudName: string;
  readonly systemControllerRegion: string;
  readonly systemControllerUrl: string;
  readonly systemControllerVersion: string;
  readonly serviceUserId: string;
  readonly joinedAt: number;
}

/** The membership of this controller in a Distributed Cloud: none, or one system controller's. */
export interface MembershipRepo {
  find(): Promise<MembershipRecord | null>;
  /** Records the first membership; CONFLICT (the row's key) when one was recorded meanwhile. */
  insert(membership: MembershipRecord): Promise<void>;
  /**
   * Replaces the membership whose account is `previousUserId` (the same system controller
   * joining again); false when the membership is no longer that one.
   */
  replace(previousUserId: string, membership: MembershipRecord): Promise<boolean>;
  /** Forgets the membership whose account is `userId` (this controller left); false when it is no longer that one. */
  remove(userId: string): Promise<boolean>;
}

/** The membership is row 1. */
const ROW = 1;

const columns = (m: MembershipRecord) => ({
  subcloud_name: m.subcloudName,
  system_controller_region: m.systemControllerRegion,
  system_controller_url: m.systemControllerUrl,
  system_controller_version: m.systemControllerVersion,
  service_user_id: m.serviceUserId,
  joined_at: m.joinedAt,
});

export function membershipRepo(db: Executor): MembershipRepo {
  const select = () => db.selectFrom('dc_membership').selectAll().where('id', '=', ROW);
  const toRecord = (row: Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirst']>>): MembershipRecord | null =>
    row
      ? {
          subcloudName: row.subcloud_name,
          systemControllerRegion: row.system_controller_region,
          systemControllerUrl: row.system_controller_url,
          systemControllerVersion: row.system_controller_version,
          serviceUserId: row.service_user_id,
          joinedAt: Number(row.joined_at),
        }
      : null;
  return {
    find: async () => toRecord(await select().executeTakeFirst()),
    async insert(m) {
      await db.insertInto('dc_membership').values({ id: ROW, ...columns(m) }).execute();
    },
    async replace(previousUserId, m) {
      const result = await db
        .updateTable('dc_membership')
        .set(columns(m))
        .where('id', '=', ROW)
        .where('service_user_id', '=', previousUserId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(userId) {
      const result = await db
        .deleteFrom('dc_membership')
        .where('id', '=', ROW)
        .where('service_user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
