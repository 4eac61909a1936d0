import { DEFAULT_PASSWORD_POLICY, policyProblem, type PasswordPolicy } from '@murmuration/core';
import type { StoreLocation } from '@murmuration/store';
import path from 'node:path';

/** Scrypt cost for new password hashes: 2^ln iterations, block size r, parallelism p. */
export interface HashCost {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** The controller's settings after defaults and validation. Frozen: nothing changes it at run time. */
export interface ServerConfig {
  readonly listen: { readonly host: string; readonly port: number };
  /** Base URL put in the catalog; null means "derive from the address actually bound". */
  readonly advertiseUrl: string | null;
  readonly dataDir: string;
  readonly store: StoreLocation;
  readonly region: string;
  readonly tokenTtlSeconds: number;
  readonly passwordPolicy: PasswordPolicy;
  readonly passwordHashCost: HashCost;
  readonly bodyLimitBytes: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly metricsPublic: boolean;
  readonly shutdownTimeoutMs: number;
  readonly softwareVersion: string;
}

/** What an operator may set, from flags or a JSON config file. Every field is optional. */
export interface RawConfig {
  listen?: string;
  advertiseUrl?: string;
  dataDir?: string;
  database?: string;
  region?: string;
  tokenTtlSeconds?: number;
  passwordPolicy?: Partial<PasswordPolicy>;
  passwordHashCost?: Partial<HashCost>;
  bodyLimitBytes?: number;
  logLevel?: string;
  metricsPublic?: boolean;
  shutdownTimeoutMs?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_LISTEN = '127.0.0.1:6385';
export const DEFAULT_HASH_COST: HashCost = Object.freeze({ ln: 15, r: 8, p: 1 });

function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new ConfigError(`--listen must be HOST:PORT (for example ${DEFAULT_LISTEN}), got ${JSON.stringify(text)}`);
  return { host: (match[1] ?? match[2])!, port };
}

function parseStore(database: string | undefined, dataDir: string): StoreLocation {
  if (database === undefined || database === '' || database === 'sqlite') return { kind: 'sqlite', file: path.join(dataDir, 'murmur.db') };
  if (/^postgres(ql)?:\/\//.test(database)) return { kind: 'postgres', url: database };
  throw new ConfigError(`--database must be a postgres:// URL (or omitted for embedded SQLite), got ${JSON.stringify(database)}`);
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return value;
}

const RAW_KEYS: ReadonlyArray<keyof RawConfig> = [
  'listen',
  'advertiseUrl',
  'dataDir',
  'database',
  'region',
  'tokenTtlSeconds',
  'passwordPolicy',
  'passwordHashCost',
  'bodyLimitBytes',
  'logLevel',
  'metricsPublic',
  'shutdownTimeoutMs',
];

/** A misspelt setting would otherwise be ignored in silence, leaving a default in force. */
function refuseUnknownKeys(where: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigError(`unknown setting ${where}${key}; known settings${where ? ` of ${where.slice(0, -1)}` : ''}: ${known.join(', ')}`);
  }
}

/** raw → defaults → validated → frozen. Throws ConfigError naming the first bad setting. */
export function compileConfig(raw: RawConfig, defaults: { dataDir: string; softwareVersion: string }): ServerConfig {
  refuseUnknownKeys('', raw, RAW_KEYS);
  refuseUnknownKeys('passwordPolicy.', raw.passwordPolicy ?? {}, Object.keys(DEFAULT_PASSWORD_POLICY));
  refuseUnknownKeys('passwordHashCost.', raw.passwordHashCost ?? {}, Object.keys(DEFAULT_HASH_COST));
  if (raw.metricsPublic !== undefined && typeof raw.metricsPublic !== 'boolean') throw new ConfigError('metricsPublic must be true or false');
  for (const key of ['listen', 'advertiseUrl', 'dataDir', 'database', 'region', 'logLevel'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new ConfigError(`${key} must be a string`);
  }
  const dataDir = path.resolve(raw.dataDir ?? defaults.dataDir);
  const listen = parseListen(raw.listen ?? DEFAULT_LISTEN);
  const policy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, ...(raw.passwordPolicy ?? {}) };
  const problem = policyProblem(policy);
  if (problem) throw new ConfigError(problem);
  const cost: HashCost = { ...DEFAULT_HASH_COST, ...(raw.passwordHashCost ?? {}) };
  if (!Number.isInteger(cost.ln) || cost.ln < 10 || cost.ln > 20) throw new ConfigError('passwordHashCost.ln must be an integer from 10 to 20');
  if (!Number.isInteger(cost.r) || cost.r < 1 || cost.r > 32) throw new ConfigError('passwordHashCost.r must be an integer from 1 to 32');
  if (!Number.isInteger(cost.p) || cost.p < 1 || cost.p > 16) throw new ConfigError('passwordHashCost.p must be an integer from 1 to 16');
  const logLevel = raw.logLevel ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  let advertiseUrl: string | null = null;
  if (raw.advertiseUrl !== undefined) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(raw.advertiseUrl)) throw new ConfigError('--advertise-url must be http(s)://HOST[:PORT]');
    advertiseUrl = raw.advertiseUrl.replace(/\/$/, '');
  }
  const region = raw.region ?? 'RegionOne';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(region)) throw new ConfigError('--region must be 1-64 letters, digits, _ or -');

  return Object.freeze({
    listen: Object.freeze(listen),
    advertiseUrl,
    dataDir,
    store: Object.freeze(parseStore(raw.database, dataDir)),
    region,
    tokenTtlSeconds: positiveInt('tokenTtlSeconds', raw.tokenTtlSeconds, 3600, 60),
    passwordPolicy: Object.freeze(policy),
    passwordHashCost: Object.freeze(cost),
    bodyLimitBytes: positiveInt('bodyLimitBytes', raw.bodyLimitBytes, 1024 * 1024, 1024),
    logLevel: logLevel as ServerConfig['logLevel'],
    metricsPublic: raw.metricsPublic ?? false,
    shutdownTimeoutMs: positiveInt('shutdownTimeoutMs', raw.shutdownTimeoutMs, 30_000, 100),
    softwareVersion: defaults.softwareVersion,
  });
}
