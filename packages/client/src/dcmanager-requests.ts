import type { ManagementState } from '@murmuration/core/dc';

/**
 * What the dcmanager client sends for a subcloud, as JSON: the fields the StarlingX client sends
 * in its multipart forms, and the ones of a subcloud joined by URL. Replies are the contract's
 * objects (`@murmuration/core/contract/dcmanager`).
 */

/**
 * `POST /subclouds/`: a subcloud installed on its site, joined by its URL with a join token made
 * there, or with the subcloud's admin credentials instead.
 */
export interface DcSubcloudAddRequest {
  readonly name: string;
  readonly url: string;
  readonly join_token?: string;
  readonly admin_username?: string;
  readonly admin_password?: string;
  readonly description?: string;
  readonly location?: string;
  /** The group's name or id. */
  readonly group_id?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

/** `PATCH /subclouds/{ref}`: attributes, or a management state (with `force` as the string `"true"`). */
export interface DcSubcloudUpdateRequest {
  readonly name?: string;
  readonly description?: string;
  readonly location?: string;
  readonly group_id?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly 'management-state'?: ManagementState;
  readonly force?: 'true';
}

/**
 * `POST /sw-update-strategy/` for type `sw-deploy`, as `dcmanager sw-deploy-strategy create` sends
 * it: dcmanager's keys only when given (`stop-on-failure` the string `"true"`), the sw-deploy flags
 * always (JSON booleans, `kube_upgrade` null unless given), and this controller's rollout keys.
 */
export interface DcSwDeployStrategyRequest {
  readonly type: 'sw-deploy';
  readonly 'subcloud-apply-type'?: 'parallel' | 'serial';
  readonly 'max-parallel-subclouds'?: number;
  readonly 'stop-on-failure'?: 'true';
  readonly cloud_name?: string;
  /** The group's name or id. */
  readonly subcloud_group?: string;
  readonly release_id?: string;
  readonly snapshot: boolean;
  readonly rollback: boolean;
  readonly delete: boolean;
  readonly cleanup: boolean;
  readonly with_prestage: boolean;
  readonly kube_upgrade: string | null;
  /** Base64 of the subclouds' sysadmin password, with `with_prestage` only. */
  readonly sysadmin_password?: string;
  /** The first this many subclouds alone, then `soak` (seconds, or a duration such as 30m) of clean health. */
  readonly canary?: number;
  readonly soak?: number | string;
  /** Failed subclouds to carry on past: a count (`3`) or a percentage (`10%`). */
  readonly 'max-failures'?: string;
}

/** `POST /sw-update-options/{ref}`: all five, as `strategy-config update` sends them. */
export interface DcSwUpdateOptionsRequest {
  readonly 'storage-apply-type': 'parallel' | 'serial';
  readonly 'worker-apply-type': 'parallel' | 'serial';
  readonly 'max-parallel-workers': number;
  readonly 'alarm-restriction-type': 'strict' | 'relaxed';
  readonly 'default-instance-action': 'stop-start' | 'migrate';
}

/**
 * `PATCH /subclouds/{ref}/prestage`, as `dcmanager subcloud prestage` sends it: the sysadmin password in base64,
 * the booleans as the string `"true"` and only when set (`for_install` unless `for_sw_deploy`).
 */
export interface DcPrestageRequest {
  readonly sysadmin_password: string;
  readonly force?: 'true';
  /** The release id (this controller refuses a prestage without one). */
  readonly release?: string;
  readonly for_install?: 'true';
  readonly for_sw_deploy?: 'true';
}

/** `POST /sw-update-strategy/` for type `prestage`, as `dcmanager prestage-strategy create` sends it. */
export interface DcPrestageStrategyRequest extends DcPrestageRequest {
  readonly type: 'prestage';
  readonly 'subcloud-apply-type'?: 'parallel' | 'serial';
  readonly 'max-parallel-subclouds'?: number;
  readonly 'stop-on-failure'?: 'true';
  readonly cloud_name?: string;
  readonly subcloud_group?: string;
}
