/**
 * The states a subcloud is in, spelled as dcmanager spells them on the wire. Only the values
 * that apply to subclouds installed on their sites and joined by URL are listed: the
 * remote-install, backup and GEO-redundancy phases do not exist here.
 */

export const MANAGEMENT_STATES = ['managed', 'unmanaged'] as const;
export type ManagementState = (typeof MANAGEMENT_STATES)[number];

export const AVAILABILITY_STATUSES = ['online', 'offline'] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

/**
 * `deploy-status`: a subcloud that joined is `complete` at once (it was installed on its site);
 * `create-failed` keeps a subcloud whose join did not finish visible with its error; the two
 * `sw-deploy-*` values are written while a fleet strategy deploys a release on it.
 */
export const DEPLOY_STATUSES = [
  'not-deployed', 'creating', 'create-failed', 'complete', 'sw-deploy-in-progress', 'sw-deploy-apply-strategy-failed',
] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

/** `prestage-status`: null before the first prestage. */
export const PRESTAGE_STATUSES = ['prestaging', 'failed', 'complete'] as const;
export type PrestageStatus = (typeof PRESTAGE_STATUSES)[number];

/** What `error-description` holds when nothing went wrong, as dcmanager writes it. */
export const NO_ERRORS = 'No errors present';

/** The most `error-description` keeps (longer messages are cut). */
export const ERROR_DESCRIPTION_MAX = 2048;

/** Cuts an error to what `error-description` keeps. */
export function errorDescription(message: string): string {
  return message.length <= ERROR_DESCRIPTION_MAX ? message : `${message.slice(0, ERROR_DESCRIPTION_MAX - 3)}...`;
}

/** The region every system controller serves its fleet-wide services under, beside its own. */
export const SYSTEM_CONTROLLER_REGION = 'SystemController';

/** Consecutive failed audits after which a subcloud is offline (dcmanager's count). */
export const AUDIT_FAILURES_TO_OFFLINE = 2;
