import type { OneTimeTokenColumns } from '../repos/one-time-token-repo.js';

/**
 * What a controller keeps as a (possible) subcloud: the one-time tokens with which a system
 * controller may adopt it, and the record of the system controller that did. The service
 * account it made for that system controller is an identity user (its name marks it local);
 * the membership names it.
 */
export interface DcAgentTables {
  dc_join_tokens: DcJoinTokenTable;
  dc_membership: DcMembershipTable;
}

/** One-time tokens with which a system controller adopts this controller. */
export interface DcJoinTokenTable extends OneTimeTokenColumns {
  /** The system controller (`<region> <url>`) that joined with it. */
  used_by: string | null;
}

/** At most one row (id 1): the system controller that adopted this controller. */
export interface DcMembershipTable {
  id: number;
  /** The name the system controller gave this controller as its subcloud. */
  subcloud_name: string;
  system_controller_region: string;
  system_controller_url: string;
  system_controller_version: string;
  /** The identity user made for the system controller. */
  service_user_id: string;
  joined_at: number;
}

declare module '../schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the tables
  interface Database extends DcAgentTables {}
}
