import { PASSWORD_RULES } from '../identity/password-policy.js';

/**
 * Why a request was refused, as `details.rule` says it. Clients branch on these names, so they
 * are part of the API: one name per refusal, in snake_case like the fields of the wire, never
 * reused for another refusal.
 */
export const REFUSAL_RULES = [
  // A host action or change that sysinv's lifecycle rules refuse.
  'already_locked',
  'already_unlocked',
  'active_controller',
  'only_unlocked_controller',
  'inventory_incomplete',
  'reboot_unlocked',
  'reboot_simplex',
  'swact_simplex',
  'swact_not_controller',
  'swact_not_active',
  'swact_no_standby',
  'delete_unlocked',
  'delete_active_controller',
  'simplex_add',
  'locked_only',
  // Address pools.
  'pool_in_use',
  'pool_exhausted',
  // Releases, their deployment on hosts and its rollback.
  'release_in_use',
  'release_required',
  'release_state',
  'deploy_busy',
  'deploy_done',
  'deploy_no_release',
  'deploy_release_ambiguous',
  'deploy_unlocked',
  'rollback_nothing',
  'rollback_done',
  // Orchestration strategies.
  'strategy_exists',
  'strategy_state',
  'strategy_busy',
  // Strategies across subclouds: one that would have no subcloud to work on, or names one that does not exist.
  'strategy_empty',
  'strategy_subcloud',
  // Subclouds and their groups, on a system controller.
  'subcloud_name_taken',
  'subcloud_url_taken',
  'subcloud_region_taken',
  'subcloud_unreachable',
  'subcloud_join_refused',
  'subcloud_version',
  'subcloud_managed',
  'subcloud_unmanaged',
  'subcloud_online',
  'subcloud_deploy_status',
  'subcloud_offline',
  // A prestage while another is under way on the subcloud.
  'prestage_in_progress',
  'group_name_taken',
  'group_default',
  'group_not_empty',
  // A system controller joining this controller as its subcloud.
  'join_token_invalid',
  'join_token_used',
  'join_token_expired',
  'already_adopted',
  'service_account_exists',
  // Leaving a system controller that never adopted this controller.
  'not_adopted',
  // A user name with the prefix of those accounts, asked of the identity API.
  'reserved_name',
  // A desired state a system controller pushes to this controller (PUT /dcagent/v1/sync/...).
  'sync_duplicate',
  'sync_unknown_reference',
  'sync_local_account',
  'sync_required_missing',
  // A new password that the password policy refuses (see docs/configuration.md).
  ...PASSWORD_RULES,
] as const;
export type RefusalRule = (typeof REFUSAL_RULES)[number];
