import { invalid } from '../errors/app-error.js';

export const SYSTEM_TYPES = ['All-in-one', 'Standard'] as const;
export type SystemType = (typeof SYSTEM_TYPES)[number];

export const SYSTEM_MODES = ['simplex', 'duplex', 'duplex-direct'] as const;
export type SystemMode = (typeof SYSTEM_MODES)[number];

export const DISTRIBUTED_CLOUD_ROLES = ['systemcontroller', 'subcloud'] as const;
export type DistributedCloudRole = (typeof DISTRIBUTED_CLOUD_ROLES)[number];

/** The one system record a controller manages (sysinv `isystem`). */
export interface SystemRecord {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly systemType: SystemType;
  readonly systemMode: SystemMode;
  readonly description: string | null;
  readonly contact: string | null;
  readonly location: string | null;
  readonly latitude: string | null;
  readonly longitude: string | null;
  readonly softwareVersion: string;
  readonly timezone: string;
  readonly regionName: string;
  readonly distributedCloudRole: DistributedCloudRole | null;
  readonly serviceProjectName: string;
  readonly securityFeature: string;
  readonly capabilities: Readonly<Record<string, string | number | boolean>>;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** Fields `system modify` may change, in the order the CLI documents them. */
export const SYSTEM_PATCHABLE_FIELDS = ['name', 'description', 'contact', 'location', 'latitude', 'longitude', 'timezone'] as const;
export type SystemPatchableField = (typeof SYSTEM_PATCHABLE_FIELDS)[number];
export type SystemChanges = Partial<Record<SystemPatchableField, string | null>>;

/** Fields that exist on the wire but cannot be patched, with the reason given to the caller. */
export const SYSTEM_READ_ONLY_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  uuid: 'uuid cannot be modified',
  id: 'id cannot be modified',
  software_version: 'software_version field cannot be modified',
  system_type: 'system_type field cannot be modified',
  system_mode: 'system_mode cannot be modified on this system',
  region_name: 'region_name cannot be modified',
  distributed_cloud_role: 'distributed_cloud_role is set when the controller starts and cannot be modified',
  service_project_name: 'service_project_name cannot be modified',
  security_feature: 'security_feature cannot be modified',
  capabilities: 'capabilities cannot be modified directly',
  created_at: 'created_at cannot be modified',
  updated_at: 'updated_at cannot be modified',
});

const NULLABLE: ReadonlySet<SystemPatchableField> = new Set(['description', 'contact', 'location', 'latitude', 'longitude']);
const MAX_TEXT = 255;

/** Decimal degrees as text, with the integer part within ±limit (StarlingX keeps them as text). */
export function isDegrees(value: string, limit: 90 | 180): boolean {
  const match = /^([+-])?(\d{1,3})(?:\.(\d{1,26}))?$/.exec(value);
  if (!match) return false;
  const whole = Number(match[2]);
  const fraction = match[3] ?? '';
  if (match[2]!.length > 1 && match[2]!.startsWith('0')) return false;
  return whole < limit || (whole === limit && /^0*$/.test(fraction));
}

/** True for an IANA time zone name the runtime knows. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates one field change; throws INVALID_INPUT naming the field. Values are ASCII text,
 * as sysinv requires ("System values must not contain special characters").
 */
export function validateSystemChange(field: SystemPatchableField, value: string | null): string | null {
  if (value === null) {
    if (!NULLABLE.has(field)) throw invalid(`${field} cannot be removed`, { field });
    return null;
  }
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw invalid(`${field}: system values must be printable ASCII without special characters`, { field });
  }
  if (value.length > MAX_TEXT) throw invalid(`${field} must be at most ${MAX_TEXT} characters`, { field });
  switch (field) {
    case 'name':
      if (value.trim() === '') throw invalid('name must not be empty', { field });
      return value;
    case 'latitude':
      if (value === '') return null;
      if (!isDegrees(value, 90)) throw invalid('Latitude must be between -90 and +90', { field });
      return value;
    case 'longitude':
      if (value === '') return null;
      if (!isDegrees(value, 180)) throw invalid('Longitude must be between -180 and +180', { field });
      return value;
    case 'timezone':
      if (!isTimeZone(value)) throw invalid(`Timezone ${value} does not exist`, { field });
      return value;
    default:
      return value;
  }
}
