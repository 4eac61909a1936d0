import { invalid } from '../errors/app-error.js';

/** USM's release states. */
export const RELEASE_STATES = ['available', 'deploying', 'deployed', 'removing', 'unavailable', 'committed'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

/** What a release says of itself (`metadata.json` in its bundle). */
export interface ReleaseMetadata {
  /** `<name>-<version>`, e.g. `murmur-1.2.0`. */
  readonly id: string;
  readonly version: string;
  readonly summary: string;
  readonly description: string;
  readonly rebootRequired: boolean;
  /** Releases that must be on a host before this one. */
  readonly requires: readonly string[];
  /** Scripts of the bundle run around the switch, and how long each may take. */
  readonly hooks: {
    readonly preInstall: string | null;
    readonly postInstall: string | null;
    readonly timeoutSeconds: number;
  };
}

export const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const VERSION = /^\d{1,6}(\.\d{1,6}){0,3}$/;

function field<T>(
  raw: Record<string, unknown>,
  name: string,
  check: (v: unknown) => v is T,
  what: string,
  fallback?: T,
): T {
  const value = raw[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (!check(value)) throw invalid(`metadata.json: ${name} must be ${what}`, { field: name });
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** Reads and checks `metadata.json`; says which field is wrong. */
export function readReleaseMetadata(text: string): ReleaseMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('metadata.json is not JSON', { field: 'metadata' });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('metadata.json must be a JSON object', { field: 'metadata' });
  const r = raw as Record<string, unknown>;
  const id = field(r, 'id', isString, 'text');
  if (!RELEASE_ID.test(id)) throw invalid(`metadata.json: id ${JSON.stringify(id)} must be 1 to 128 letters, digits, '.', '_' or '-'`, { field: 'id' });
  const version = field(r, 'version', isString, 'text');
  if (!VERSION.test(version)) throw invalid(`metadata.json: version ${JSON.stringify(version)} must be like 1.2.0`, { field: 'version' });
  const requires = field(r, 'requires', (v): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && RELEASE_ID.test(x)), 'a list of release ids', []);
  if (requires.includes(id)) throw invalid('metadata.json: a release cannot require itself', { field: 'requires' });
  const hooks = field(r, 'hooks', (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object', {});
  const hook = (name: string): string | null => {
    const value = hooks[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || !value.startsWith('hooks/')) throw invalid(`metadata.json: hooks.${name} must name a file under hooks/`, { field: `hooks.${name}` });
    return value;
  };
  const timeout = hooks['timeout_seconds'] ?? 300;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 3600) {
    throw invalid('metadata.json: hooks.timeout_seconds must be a whole number of seconds from 1 to 3600', { field: 'hooks.timeout_seconds' });
  }
  return {
    id,
    version,
    summary: field(r, 'summary', isString, 'text', ''),
    description: field(r, 'description', isString, 'text', ''),
    rebootRequired: field(r, 'reboot_required', isBoolean, 'true or false', false),
    requires: [...new Set(requires)],
    hooks: { preInstall: hook('pre_install'), postInstall: hook('post_install'), timeoutSeconds: timeout },
  };
}
