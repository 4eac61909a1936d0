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
