import { conflict, invalid, type AppError } from '../errors/app-error.js';
import type { SubcloudRecord } from './subcloud-record.js';

type Body = Readonly<Record<string, unknown>>;

/** A prestage request read and checked: the release to bring to the subcloud, what for, and whether forced. */
export interface PrestageRequest {
  readonly releaseId: string;
  readonly forSwDeploy: boolean;
  readonly force: boolean;
}

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** dcmanager's `validate_bool_param`: a JSON boolean or `true`/`false` in any case; absent is false. */
export function boolParam(body: Body, key: string): boolean {
  const value = body[key];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) return value.trim().toLowerCase() === 'true';
  throw invalid(`Invalid value '${String(value)}' for ${key} - must be True/False or 'true'/'false'`, { field: key });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The body of a prestage (`PATCH /subclouds/{ref}/prestage`, and a prestage strategy's create) as dcmanager's client
 * sends it: `sysadmin_password` (base64, required by the wire; checked, never kept: the transfer goes through the
 * subcloud's dcagent API with the service account), `release` (a release this system controller holds), at most one
 * of `for_install` / `for_sw_deploy` (for_install when neither), `force`. Each refusal is a 400 naming its field.
 */
export function readPrestageRequest(
  body: Body | null,
  facts: { readonly releaseExists: (id: string) => boolean },
): PrestageRequest {
  if (body === null || Object.keys(body).length === 0) throw invalid('Body required', { field: 'body' });
  const password = body['sysadmin_password'];
  if (!given(password)) throw invalid('subcloud sysadmin_password required', { field: 'sysadmin_password' });
  if (typeof password !== 'string' || !BASE64.test(password)) {
    throw invalid('Failed to decode subcloud sysadmin_password, verify the password is base64 encoded', { field: 'sysadmin_password' });
  }
  const forInstall = boolParam(body, 'for_install');
  const forSwDeploy = boolParam(body, 'for_sw_deploy');
  if (forInstall && forSwDeploy) {
    throw invalid("Options 'for_install' and 'for_sw_deploy' are mutually exclusive", { field: 'for_sw_deploy' });
  }
  const force = boolParam(body, 'force');
  const release = body['release'];
  if (!given(release)) {
    throw invalid('release required: the id of a release bundle this system controller holds', { field: 'release' });
  }
  if (typeof release !== 'string' || !facts.releaseExists(release)) {
    throw invalid(`Release ${String(release)} is not available on the SystemController`, { field: 'release' });
  }
  return { releaseId: release, forSwDeploy, force };
}

/** The deploy statuses a subcloud may be prestaged in (dcmanager's). */
const PRESTAGE_DEPLOY_STATUSES: readonly string[] = ['complete', 'sw-deploy-apply-strategy-failed'];

/**
 * Why a subcloud cannot be prestaged now, or null: it must be managed and online (400), its deploy status
 * `complete` or `sw-deploy-apply-strategy-failed` (400; a deploy under way is a transient state, 409), and no
 * prestage may be under way there (409).
 */
export function prestageRefusal(subcloud: SubcloudRecord): AppError | null {
  const why = (details: string) => `Prestage failed '${subcloud.name}': ${details}`;
  if (subcloud.prestageStatus === 'prestaging') {
    return conflict(why('Prestage operation is already in progress. Please wait for it to finish.'), { rule: 'prestage_in_progress' });
  }
  if (subcloud.deployStatus === 'sw-deploy-in-progress' || subcloud.deployStatus === 'creating') {
    return conflict(why(`Subcloud current deploy status is ${subcloud.deployStatus}. Please wait for it to finish.`), { rule: 'subcloud_deploy_status' });
  }
  if (subcloud.managementState !== 'managed') return invalid(why('Subcloud is not managed.'), { rule: 'subcloud_unmanaged' });
  if (subcloud.availabilityStatus !== 'online') return invalid(why('Subcloud is offline.'), { rule: 'subcloud_offline' });
  if (!PRESTAGE_DEPLOY_STATUSES.includes(subcloud.deployStatus)) {
    return invalid(why(`Prestage operation is not allowed while subcloud deploy status is ${subcloud.deployStatus}.`), {
      rule: 'subcloud_deploy_status',
    });
  }
  return null;
}
