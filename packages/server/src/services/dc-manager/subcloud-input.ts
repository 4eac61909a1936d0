import { invalid } from '@murmuration/core/common';
import { isSubcloudName, type ManagementState } from '@murmuration/core/dc';
import { parse as parseYaml } from 'yaml';
import type { JoinAuthority } from './subcloud-join.js';

/** The fields of a request, from a multipart form (every value a string, files as their text) or a JSON object. */
export type SubcloudFields = Readonly<Record<string, unknown>>;

/** What `subcloud add` asks for, checked. */
export interface SubcloudAddPlan {
  readonly name: string;
  readonly url: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** A group's id or name; null: the Default group. */
  readonly groupRef: string | null;
  readonly authority: JoinAuthority;
}

/** What `subcloud update`, `manage` and `unmanage` ask for, checked; absent fields stay as they are. */
export interface SubcloudUpdatePlan {
  readonly managementState?: ManagementState;
  readonly force: boolean;
  readonly name?: string;
  readonly description?: string | null;
  readonly location?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly groupRef?: string;
}

/** The port a controller listens on unless told otherwise, for a `bootstrap-address` given without one. */
const CONTROLLER_PORT = 6385;

/** Names the fleet summary and the detail view take under `/subclouds/`: no subcloud may be called so. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['summary', 'detail']);

/** StarlingX's fields for what this controller does not do: subclouds are installed on their sites and join. */
const REMOTE_INSTALL_FIELDS: ReadonlySet<string> = new Set([
  'install_values', 'deploy_config', 'cloud_init_config', 'bmc_password', 'migrate', 'enroll', 'release',
  'management_subnet', 'management_gateway_ip', 'management_start_ip', 'management_end_ip', 'bootstrap_address',
  'bootstrap_values', 'sysadmin_password', 'peer_group',
]);

const ADD_FIELDS: ReadonlySet<string> = new Set([
  'bootstrap_values', 'bootstrap-address', 'sysadmin_password', 'group_id', 'name', 'url', 'description', 'location',
  'latitude', 'longitude', 'join_token', 'admin_username', 'admin_password',
]);
const UPDATE_FIELDS: ReadonlySet<string> = new Set([
  'management-state', 'force', 'name', 'description', 'location', 'group_id', 'latitude', 'longitude',
]);

/** The keys of a StarlingX bootstrap values file this controller reads; the file's others are left alone. */
const BOOTSTRAP_KEYS = [
  'name', 'description', 'location', 'url', 'join_token', 'admin_username', 'admin_password', 'latitude', 'longitude',
] as const;

function checkFields(fields: SubcloudFields, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(fields)) {
    if (allowed.has(key)) continue;
    if (REMOTE_INSTALL_FIELDS.has(key)) {
      throw invalid(`${key} is not supported: subclouds are installed on their sites, then added by URL with a join token or their admin credentials`, { field: key });
    }
    throw invalid(`Unexpected parameter received: ${key}`, { field: key });
  }
}

/** A text field: absent → undefined; null or '' → null when `nullable`. */
function text(fields: SubcloudFields, key: string, max: number): string | null | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw invalid(`${key} must be a string`, { field: key });
  if (value.length > max) throw invalid(`${key} must be at most ${max} characters`, { field: key });
  return value;
}

function requiredText(fields: SubcloudFields, key: string, max: number): string | undefined {
  const value = text(fields, key, max);
  if (value === null || value === '') throw invalid(`${key} must not be empty`, { field: key });
  return value;
}

/** A degree value: a JSON number or its text; '' or null clears it. */
function degrees(fields: SubcloudFields, key: 'latitude' | 'longitude'): number | null | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const limit = key === 'latitude' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw invalid(`${key} must be a number from -${limit} to ${limit}`, { field: key });
  return n;
}

/** A subcloud's name as dcmanager allows it (RFC 1123, lower case), not one of the reserved ones. */
export function checkSubcloudName(name: string): string {
  if (!isSubcloudName(name)) {
    throw invalid("Invalid name: must consist of lowercase alphanumeric characters or '-', must start and end with an alphanumeric character, and may not be all digits", { field: 'name' });
  }
  if (RESERVED_NAMES.has(name)) throw invalid(`Invalid name: ${name} is reserved`, { field: 'name' });
  return name;
}

/** A subcloud's base URL as it is kept: http(s), scheme and host in lower case, no trailing slash, nothing else. */
export function normaliseUrl(textValue: string, field = 'url'): string {
  let url: URL;
  try {
    url = new URL(textValue);
  } catch {
    throw invalid(`${field} is not a URL: ${textValue}`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`${field} must be an http or https URL`, { field });
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalid(`${field} must be a base URL, without credentials, query or fragment`, { field });
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** StarlingX's `bootstrap-address`: a URL as is, or the subcloud's address, reached on the controller's port. */
function urlOfAddress(address: string): string {
  if (address.includes('://')) return normaliseUrl(address, 'bootstrap-address');
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return normaliseUrl(`http://${host}:${CONTROLLER_PORT}`, 'bootstrap-address');
}

/** The keys of a bootstrap values file this controller reads; its other keys are StarlingX's deployment's. */
function bootstrapValues(fields: SubcloudFields): SubcloudFields {
  const file = fields['bootstrap_values'];
  if (file === undefined) return {};
  if (typeof file !== 'string') throw invalid('bootstrap_values must be the text of a YAML file', { field: 'bootstrap_values' });
  let values: unknown;
  try {
    values = parseYaml(file, { maxAliasCount: 10 });
  } catch (error) {
    throw invalid(`Error: Unable to load bootstrap_values file contents (${(error as Error).message.split('\n', 1)[0]})`, { field: 'bootstrap_values' });
  }
  if (values === null || values === undefined) return {};
  if (typeof values !== 'object' || Array.isArray(values)) throw invalid('bootstrap_values must be a YAML mapping', { field: 'bootstrap_values' });
  const mapping = values as Record<string, unknown>;
  const read = BOOTSTRAP_KEYS.filter((key) => mapping[key] !== undefined);
  return Object.fromEntries(read.map((key) => [key, mapping[key]]));
}

/** StarlingX's `sysadmin_password`: base64 of the password, here that of the subcloud's admin. */
function base64Password(value: unknown): string {
  const decoded = typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  if (decoded === '') {
    throw invalid('Failed to decode subcloud sysadmin_password, verify the password is base64 encoded', { field: 'sysadmin_password' });
  }
  return decoded;
}

function authorityOf(given: SubcloudFields, all: SubcloudFields): JoinAuthority {
  const joinToken = requiredText(given, 'join_token', 128);
  const username = requiredText(given, 'admin_username', 255);
  let password = requiredText(given, 'admin_password', 255);
  if (joinToken !== undefined && (username !== undefined || password !== undefined)) {
    throw invalid('give either a join_token or the admin credentials of the subcloud, not both', { field: 'join_token' });
  }
  if (joinToken !== undefined) return { kind: 'token', joinToken };
  // The StarlingX client always sends the password it prompts for: without a token, it is the subcloud's admin's.
  if (password === undefined && all['sysadmin_password'] !== undefined) password = base64Password(all['sysadmin_password']);
  if (password === undefined) {
    throw invalid('give a join_token (made on the subcloud with `murmur dcmanager join-token create`) or the admin_username and admin_password of the subcloud', { field: 'join_token' });
  }
  return { kind: 'admin', username: username ?? 'admin', password };
}

/**
 * `subcloud add`: our fields (`name`, `url`, `join_token` or `admin_username`/`admin_password`, …) or StarlingX's
 * (`bootstrap_values` naming the subcloud, `bootstrap-address`); a field given beside the file wins over the file's.
 */
export function readSubcloudAdd(fields: SubcloudFields): SubcloudAddPlan {
  checkFields(fields, ADD_FIELDS);
  const given = { ...bootstrapValues(fields), ...Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'bootstrap_values')) };
  const name = requiredText(given, 'name', 63);
  if (name === undefined) throw invalid('name is required (or in bootstrap_values)', { field: 'name' });
  const url = requiredText(given, 'url', 2048);
  const address = requiredText(given, 'bootstrap-address', 2048);
  if (url === undefined && address === undefined) throw invalid('url is required (or bootstrap-address)', { field: 'url' });
  const group = requiredText(given, 'group_id', 255);
  return {
    name: checkSubcloudName(name),
    url: url !== undefined ? normaliseUrl(url) : urlOfAddress(address!),
    description: text(given, 'description', 255) ?? null,
    location: text(given, 'location', 255) ?? null,
    latitude: degrees(given, 'latitude') ?? null,
    longitude: degrees(given, 'longitude') ?? null,
    groupRef: group ?? null,
    authority: authorityOf(given, fields),
  };
}

/** `true`/`false` as JSON or as the text the StarlingX client sends. */
function flag(value: unknown, field: string, message: string): boolean {
  if (value === true || value === false) return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(message, { field });
}

/** A subcloud update (multipart, as the StarlingX client sends it, or JSON). */
export function readSubcloudUpdate(fields: SubcloudFields): SubcloudUpdatePlan {
  if (Object.keys(fields).length === 0) throw invalid('Body required', { field: 'body' });
  checkFields(fields, UPDATE_FIELDS);
  const state = fields['management-state'];
  if (state !== undefined && state !== 'managed' && state !== 'unmanaged') {
    throw invalid('Invalid management-state', { field: 'management-state' });
  }
  const force = fields['force'] === undefined ? false : flag(fields['force'], 'force', 'Invalid force value');
  if (fields['force'] !== undefined && state !== 'managed') throw invalid('Invalid option: force', { field: 'force' });
  const name = requiredText(fields, 'name', 63);
  const group = requiredText(fields, 'group_id', 255);
  const description = text(fields, 'description', 255);
  const location = text(fields, 'location', 255);
  const latitude = degrees(fields, 'latitude');
  const longitude = degrees(fields, 'longitude');
  return {
    force,
    ...(state !== undefined ? { managementState: state } : {}),
    ...(name !== undefined ? { name: checkSubcloudName(name) } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(latitude !== undefined ? { latitude } : {}),
    ...(longitude !== undefined ? { longitude } : {}),
    ...(group !== undefined ? { groupRef: group } : {}),
  };
}
