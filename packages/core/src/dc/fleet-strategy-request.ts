import { invalid } from '../errors/app-error.js';
import type { MaxFailures, RolloutOptions } from '../orchestration/rollout-options.js';
import { parseDuration } from '../time/duration.js';
import { FLEET_STRATEGY_TYPES, type FleetStrategyType } from './fleet-step.js';
import { boolParam, readPrestageRequest } from './prestage-request.js';
import { MAX_PARALLEL_SUBCLOUDS, UPDATE_APPLY_TYPES, type UpdateApplyType } from './subcloud-names.js';
import type { SubcloudGroupRecord } from './subcloud-record.js';

/** dcmanager's `max-parallel-subclouds` when neither the request nor a group gives one. */
export const DEFAULT_MAX_PARALLEL_SUBCLOUDS = 2;
/** The most canaries a fleet strategy takes, and the longest soak (a week). */
export const MAX_CANARIES = 10_000;
export const MAX_SOAK_SECONDS = 604_800;
/** The most subclouds a prestage (or a sw-deploy with prestage) takes at once (dcmanager's). */
export const MAX_PARALLEL_PRESTAGES = 250;

/** What a fleet strategy was created with: dcmanager's fields, the sw-deploy flags and the rollout. */
export interface FleetStrategyOptions extends RolloutOptions {
  readonly type: FleetStrategyType;
  readonly releaseId: string;
  /** null when neither the request nor a group said (dcmanager shows it so). */
  readonly subcloudApplyType: UpdateApplyType | null;
  readonly maxParallelSubclouds: number;
  readonly stopOnFailure: boolean;
  readonly snapshot: boolean;
  readonly delete: boolean;
  /** sw-deploy: the release is prestaged to a subcloud that lacks it (it is in any case: resumable, paced). */
  readonly withPrestage: boolean;
  /** prestage: for a software deploy (rather than an install), and forced past the checks. */
  readonly forSwDeploy: boolean;
  readonly force: boolean;
  /** `max-failures` as it was given (`3`, `10%`), null when not; `maxFailures` holds the count it came to. */
  readonly maxFailuresGiven: string | null;
  /** How many subclouds it works on. */
  readonly subclouds: number;
}

/** A create request read and checked, before the subclouds it names are looked up. */
export interface FleetStrategyRequest {
  readonly type: FleetStrategyType;
  readonly cloudName: string | null;
  /** The group's id when the request named one. */
  readonly groupId: number | null;
  readonly subcloudApplyType: UpdateApplyType | null;
  readonly maxParallelSubclouds: number;
  readonly stopOnFailure: boolean;
  readonly releaseId: string;
  readonly snapshot: boolean;
  readonly delete: boolean;
  readonly withPrestage: boolean;
  readonly forSwDeploy: boolean;
  readonly force: boolean;
  readonly canary: number;
  readonly soakSeconds: number;
  readonly maxFailures: MaxFailures;
  readonly maxFailuresGiven: string | null;
}

/**
 * What the reader needs looked up first: the group the request names, and whether the release is there
 * (`release_id` for sw-deploy, `release` for prestage).
 */
export interface FleetRequestFacts {
  /** The group `subcloud_group` names; null when it names none that exists (or none was given). */
  readonly group: SubcloudGroupRecord | null;
  /** Whether the system controller holds the release `release_id` names. */
  readonly releaseExists: boolean;
}

type Body = Readonly<Record<string, unknown>>;

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function maxParallel(
  body: Body,
  group: SubcloudGroupRecord | null,
  applyType: UpdateApplyType | null,
  limit: number,
): number {
  const raw = body['max-parallel-subclouds'];
  let count: number | null = group ? group.maxParallelSubclouds : null;
  if (!group && given(raw) && raw !== 0) {
    const text = String(raw);
    if (!/^\s*[-+]?\d+\s*$/.test(text)) throw invalid(`max-parallel-subclouds invalid value. Value: ${text}`, { field: 'max-parallel-subclouds' });
    count = Number(text);
  }
  if (applyType === 'serial') count = 1;
  count ??= DEFAULT_MAX_PARALLEL_SUBCLOUDS;
  if (count < 1 || count > limit) {
    const what = limit === MAX_PARALLEL_PRESTAGES ? 'prestage' : 'sw-deploy';
    throw invalid(`Invalid max-parallel-subclouds value: ${count}. For ${what} strategy, the value must be between 1 and ${limit}.`, { field: 'max-parallel-subclouds' });
  }
  return count;
}

/** dcmanager's `validate_strategy_payload`: the subclouds' set and how many go at once. */
function readScope(body: Body, facts: FleetRequestFacts) {
  boolParam(body, 'force');
  const applyType = body['subcloud-apply-type'];
  if (given(applyType) && !UPDATE_APPLY_TYPES.includes(applyType as UpdateApplyType)) {
    throw invalid('subcloud-apply-type invalid', { field: 'subcloud-apply-type' });
  }
  const group = body['subcloud_group'];
  const cloudName = given(body['cloud_name']) ? String(body['cloud_name']) : null;
  if (given(group)) {
    if (cloudName !== null) throw invalid('cloud_name and subcloud_group are mutually exclusive', { field: 'subcloud_group' });
    if (given(applyType) || given(body['max-parallel-subclouds'])) {
      throw invalid('subcloud-apply-type and max-parallel-subclouds are not allowed when subcloud_group is provided', { field: 'subcloud_group' });
    }
    if (!facts.group) throw invalid('Invalid group_id', { field: 'subcloud_group' });
  }
  const found = given(group) ? facts.group : null;
  const subcloudApplyType = found ? found.updateApplyType : given(applyType) ? (applyType as UpdateApplyType) : null;
  const prestaging = body['type'] === 'prestage' || boolParam(body, 'with_prestage');
  const limit = prestaging ? MAX_PARALLEL_PRESTAGES : MAX_PARALLEL_SUBCLOUDS;
  const maxParallelSubclouds = maxParallel(body, found, subcloudApplyType, limit);
  return { cloudName, groupId: found?.id ?? null, subcloudApplyType, maxParallelSubclouds };
}

/**
 * dcmanager's `validate_software_strategy`, for what this controller deploys: one release the system controller
 * holds; `snapshot` and `delete` are passed to each subcloud; rollback, cleanup, prestage and Kubernetes upgrades
 * are refused with the reason.
 */
function readSoftware(body: Body, facts: FleetRequestFacts) {
  const snapshot = boolParam(body, 'snapshot');
  const rollback = boolParam(body, 'rollback');
  const withDelete = boolParam(body, 'with_delete');
  const deleteOnly = boolParam(body, 'delete_only');
  const withPrestage = boolParam(body, 'with_prestage');
  const cleanup = boolParam(body, 'cleanup') || deleteOnly;
  const remove = boolParam(body, 'delete') || withDelete;
  if (given(body['sysadmin_password']) && !withPrestage) {
    throw invalid('The with_prestage option is required when using sysadmin_password', { field: 'sysadmin_password' });
  }
  const release = body['release_id'];
  if (!(rollback || cleanup)) {
    if (!given(release)) throw invalid('Release ID is required for strategy type: sw-deploy.', { field: 'release_id' });
    if (!facts.releaseExists) throw invalid(`Release ID: ${String(release)} not found or not deployed in the SystemController`, { field: 'release_id' });
  }
  if (rollback) throw invalid('A rollback strategy is not supported: roll each subcloud back on the subcloud itself', { field: 'rollback' });
  if (cleanup) throw invalid('cleanup is not supported: a strategy leaves no deployment behind to clean up', { field: 'cleanup' });
  if (withPrestage && !given(body['sysadmin_password'])) {
    throw invalid('subcloud sysadmin_password required', { field: 'sysadmin_password' });
  }
  if (given(body['kube_upgrade'])) throw invalid('kube_upgrade is not supported: this platform does not upgrade Kubernetes', { field: 'kube_upgrade' });
  return {
    releaseId: String(release), snapshot, delete: remove, withPrestage, forSwDeploy: withPrestage, force: false,
  };
}

/** A prestage strategy's own fields: as the subcloud action's (`readPrestageRequest`). */
function readPrestage(body: Body, facts: FleetRequestFacts) {
  const request = readPrestageRequest(body, { releaseExists: () => facts.releaseExists });
  return { ...request, snapshot: false, delete: false, withPrestage: false };
}

function wholeNumber(value: unknown, key: string, max: number, what: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,7}$/.test(text) || Number(text) > max) throw invalid(`${key} must be ${what} from 0 to ${max}`, { field: key });
  return Number(text);
}

/** Ours: `canary` (a number of subclouds), `soak` (seconds, or a duration such as 30m) and `max-failures`. */
function readRollout(body: Body) {
  const canary = given(body['canary']) ? wholeNumber(body['canary'], 'canary', MAX_CANARIES, 'a number of subclouds') : 0;
  const soak = body['soak'];
  const soakSeconds = !given(soak)
    ? 0
    : typeof soak === 'string' && /[smhdw]$/.test(soak.trim())
      ? Math.ceil(parseDuration(soak.trim(), 'soak') / 1000)
      : wholeNumber(soak, 'soak', MAX_SOAK_SECONDS, 'a number of seconds');
  if (soakSeconds > MAX_SOAK_SECONDS) throw invalid(`soak must be at most ${MAX_SOAK_SECONDS} seconds`, { field: 'soak' });
  const failures = body['max-failures'];
  if (!given(failures)) return { canary, soakSeconds, maxFailures: { count: 0 }, maxFailuresGiven: null };
  const m = /^(\d{1,6})(%?)$/.exec(String(failures).trim());
  if (!m || (m[2] === '%' && Number(m[1]) > 100)) {
    throw invalid('max-failures must be a number of subclouds (3) or a percentage of them (10%)', { field: 'max-failures' });
  }
  const maxFailures: MaxFailures = m[2] === '%' ? { percent: Number(m[1]) } : { count: Number(m[1]) };
  return { canary, soakSeconds, maxFailures, maxFailuresGiven: `${m[1]}${m[2]}` };
}

/**
 * Reads `POST /sw-update-strategy/` as the dcmanager client sends it for types `sw-deploy` and `prestage`, plus
 * `canary`, `soak` and `max-failures`, checking in dcmanager's order and with its messages (each a 400).
 */
export function readFleetStrategyRequest(body: Body | null, facts: FleetRequestFacts): FleetStrategyRequest {
  if (body === null || Object.keys(body).length === 0) throw invalid('Body required', { field: 'body' });
  const scope = readScope(body, facts);
  const type = body['type'];
  if (!given(type)) throw invalid('type required', { field: 'type' });
  if (!FLEET_STRATEGY_TYPES.includes(type as FleetStrategyType)) throw invalid('type invalid', { field: 'type' });
  const software = type === 'prestage' ? readPrestage(body, facts) : readSoftware(body, facts);
  const stop = body['stop-on-failure'];
  if (stop !== undefined && stop !== null && stop !== 'true' && stop !== 'false') {
    throw invalid('stop-on-failure invalid', { field: 'stop-on-failure' });
  }
  const rollout = readRollout(body);
  // A prestage changes nothing the subclouds run: it has no canaries to soak.
  const staged = type === 'prestage' ? { ...rollout, canary: 0, soakSeconds: 0 } : rollout;
  return { type: type as FleetStrategyType, ...scope, ...software, stopOnFailure: stop === 'true', ...staged };
}
