import { DEFAULT_PASSWORD_POLICY, SYSTEM_MODES, findAlarmDefinition, policyProblem, type PasswordPolicy, type SystemMode } from '@murmuration/core';
import type { StoreLocation } from '@murmuration/store';
import path from 'node:path';

/** Scrypt cost for new password hashes: 2^ln iterations, block size r, parallelism p. */
/** How many failed logins a source address or a user name may have in one window. */
export interface LoginThrottleSettings {
  readonly windowSeconds: number;
  /** Failed (or still unchecked) logins one address may have per window; 0 turns the limit off. */
  readonly perSource: number;
  /** Failed (or still unchecked) logins one user name may have per window, from anywhere; 0 turns it off. */
  readonly perUser: number;
}


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
  /** The system mode a first start records (afterwards the database's record holds). */
  readonly systemMode: SystemMode;
  readonly tokenTtlSeconds: number;
  readonly passwordPolicy: PasswordPolicy;
  readonly passwordHashCost: HashCost;
  readonly loginThrottle: LoginThrottleSettings;
  readonly bodyLimitBytes: number;
  /** How long a client may take to send its request headers before it gets a 408. */
  readonly headersTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logFormat: LogFormat;
  readonly metricsPublic: boolean;
  readonly shutdownTimeoutMs: number;
  readonly softwareVersion: string;
  readonly fault: FaultConfig;
  readonly maintenance: MaintenanceConfig;
  readonly software: SoftwareConfig;
  readonly orchestration: OrchestrationConfig;
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
/** JSON lines, or human-readable lines for a terminal. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Strategies: how often a waiting step looks again, and how long the system is left to settle at the end. */
export interface OrchestrationConfig {
  readonly pollMs: number;
  readonly stabilizeSeconds: number;
}

/** Software releases. */
export interface SoftwareConfig {
  /** Largest release bundle an upload may carry, and the most its files may hold unpacked. */
  readonly maxBundleBytes: number;
}

/** Host maintenance: heartbeats (StarlingX mtce's defaults: 100 ms, degrade after 6 misses, fail after 10) and configuration lag. */
export interface MaintenanceConfig {
  readonly heartbeatPeriodMs: number;
  readonly degradeThreshold: number;
  readonly failureThreshold: number;
  /** A failed host whose agent stays away this long is offline. */
  readonly offlineAfterMs: number;
  /** How long a host may run an older configuration than its target before 250.001 is raised. */
  readonly configGraceMs: number;
  /** After a controller start, how long agents have to reconnect before their hosts count as silent. */
  readonly startupGraceMs: number;
}

/** One inhibition rule: while a source alarm is active, the target alarms below its entity are hidden. */
export interface InhibitRuleConfig {
  readonly sourceIds: readonly string[];
  /** null: every alarm id. */
  readonly targetIds: readonly string[] | null;
  readonly sameEntity: boolean;
}

export interface FaultConfig {
  readonly eventLogRetention: number;
  readonly trimIntervalSeconds: number;
  readonly inhibitRules: readonly InhibitRuleConfig[];
  readonly deliveryTimeoutMs: number;
  readonly deliveryMaxBackoffSeconds: number;
  readonly deliveryBatch: number;
  readonly alertmanagerResendSeconds: number;
}

interface RawInhibitRule {
  source?: unknown;
  target?: unknown;
  sameEntity?: unknown;
}

interface RawFaultConfig {
  eventLogRetention?: number;
  trimIntervalSeconds?: number;
  inhibitRules?: RawInhibitRule[];
  deliveryTimeoutMs?: number;
  deliveryMaxBackoffSeconds?: number;
  deliveryBatch?: number;
  alertmanagerResendSeconds?: number;
}

/** A failed host hides the alarms of its ports, interfaces, processes and sensors. */
export const DEFAULT_INHIBIT_RULES: readonly InhibitRuleConfig[] = Object.freeze([Object.freeze({ sourceIds: ['200.004'], targetIds: null, sameEntity: false })]);

const FAULT_KEYS = [
  'eventLogRetention',
  'trimIntervalSeconds',
  'inhibitRules',
  'deliveryTimeoutMs',
  'deliveryMaxBackoffSeconds',
  'deliveryBatch',
  'alertmanagerResendSeconds',
] as const;

function alarmIdList(where: string, value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new ConfigError(`${where} must name at least one alarm id`);
  return list.map((id) => {
    if (typeof id !== 'string' || !findAlarmDefinition(id)) throw new ConfigError(`${where}: ${JSON.stringify(id)} is not an alarm id of the catalogue (write ids as strings, "200.004")`);
    return id;
  });
}

function compileFault(raw: RawFaultConfig): FaultConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('fault must be an object');
  refuseUnknownKeys('fault.', raw, FAULT_KEYS);
  if (raw.inhibitRules !== undefined && !Array.isArray(raw.inhibitRules)) throw new ConfigError('fault.inhibitRules must be a list of rules');
  const rules = raw.inhibitRules?.map((rule, i): InhibitRuleConfig => {
    const where = `fault.inhibitRules[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new ConfigError(`${where} must be an object with source, target and sameEntity`);
    refuseUnknownKeys(`${where}.`, rule, ['source', 'target', 'sameEntity']);
    if (rule.sameEntity !== undefined && typeof rule.sameEntity !== 'boolean') throw new ConfigError(`${where}.sameEntity must be true or false`);
    return Object.freeze({
      sourceIds: alarmIdList(`${where}.source`, rule.source),
      targetIds: rule.target === undefined || rule.target === '*' ? null : alarmIdList(`${where}.target`, rule.target),
      sameEntity: rule.sameEntity === true,
    });
  });
  return Object.freeze({
    eventLogRetention: positiveInt('fault.eventLogRetention', raw.eventLogRetention, 100_000, 100),
    trimIntervalSeconds: positiveInt('fault.trimIntervalSeconds', raw.trimIntervalSeconds, 60),
    inhibitRules: rules ? Object.freeze(rules) : DEFAULT_INHIBIT_RULES,
    deliveryTimeoutMs: positiveInt('fault.deliveryTimeoutMs', raw.deliveryTimeoutMs, 5000, 100),
    deliveryMaxBackoffSeconds: positiveInt('fault.deliveryMaxBackoffSeconds', raw.deliveryMaxBackoffSeconds, 60),
    deliveryBatch: positiveInt('fault.deliveryBatch', raw.deliveryBatch, 100),
    alertmanagerResendSeconds: positiveInt('fault.alertmanagerResendSeconds', raw.alertmanagerResendSeconds, 60, 5),
  });
}

type RawMaintenanceConfig = Partial<Record<keyof MaintenanceConfig, number>>;

const MAINTENANCE_KEYS = ['heartbeatPeriodMs', 'degradeThreshold', 'failureThreshold', 'offlineAfterMs', 'configGraceMs', 'startupGraceMs'] as const;

function compileMaintenance(raw: RawMaintenanceConfig): MaintenanceConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('maintenance must be an object');
  refuseUnknownKeys('maintenance.', raw, MAINTENANCE_KEYS);
  const degradeThreshold = positiveInt('maintenance.degradeThreshold', raw.degradeThreshold, 6);
  const failureThreshold = positiveInt('maintenance.failureThreshold', raw.failureThreshold, 10);
  if (failureThreshold <= degradeThreshold) throw new ConfigError(`maintenance.failureThreshold (${failureThreshold}) must be above maintenance.degradeThreshold (${degradeThreshold})`);
  return Object.freeze({
    heartbeatPeriodMs: positiveInt('maintenance.heartbeatPeriodMs', raw.heartbeatPeriodMs, 100, 10),
    degradeThreshold,
    failureThreshold,
    offlineAfterMs: positiveInt('maintenance.offlineAfterMs', raw.offlineAfterMs, 10_000, 0),
    configGraceMs: positiveInt('maintenance.configGraceMs', raw.configGraceMs, 30_000, 0),
    startupGraceMs: positiveInt('maintenance.startupGraceMs', raw.startupGraceMs, 10_000, 0),
  });
}

function compileSoftware(raw: { maxBundleBytes?: number }): SoftwareConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('software must be an object');
  refuseUnknownKeys('software.', raw, ['maxBundleBytes']);
  return Object.freeze({ maxBundleBytes: positiveInt('software.maxBundleBytes', raw.maxBundleBytes, 512 * 1024 * 1024, 1024) });
}

function compileOrchestration(raw: { pollMs?: number; stabilizeSeconds?: number }): OrchestrationConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('orchestration must be an object');
  refuseUnknownKeys('orchestration.', raw, ['pollMs', 'stabilizeSeconds']);
  return Object.freeze({
    pollMs: positiveInt('orchestration.pollMs', raw.pollMs, 500, 10),
    stabilizeSeconds: positiveInt('orchestration.stabilizeSeconds', raw.stabilizeSeconds, 10, 0),
  });
}

/** What an operator may set, from flags or a JSON config file. Every field is optional. */
export interface RawConfig {
  listen?: string;
  advertiseUrl?: string;
  dataDir?: string;
  database?: string;
  region?: string;
  systemMode?: string;
  tokenTtlSeconds?: number;
  passwordPolicy?: Partial<PasswordPolicy>;
  passwordHashCost?: Partial<HashCost>;
  loginThrottle?: Partial<LoginThrottleSettings>;
  bodyLimitBytes?: number;
  headersTimeoutMs?: number;
  logLevel?: string;
  logFormat?: string;
  metricsPublic?: boolean;
  shutdownTimeoutMs?: number;
  fault?: RawFaultConfig;
  maintenance?: RawMaintenanceConfig;
  software?: { maxBundleBytes?: number };
  orchestration?: { pollMs?: number; stabilizeSeconds?: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_LISTEN = '127.0.0.1:6385';
export const DEFAULT_HASH_COST: HashCost = Object.freeze({ ln: 15, r: 8, p: 1 });
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = Object.freeze({ windowSeconds: 60, perSource: 10, perUser: 10 });

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
  'systemMode',
  'tokenTtlSeconds',
  'passwordPolicy',
  'passwordHashCost',
  'loginThrottle',
  'bodyLimitBytes',
  'headersTimeoutMs',
  'logLevel',
  'logFormat',
  'metricsPublic',
  'shutdownTimeoutMs',
  'fault',
  'maintenance',
  'software',
  'orchestration',
];

/** A misspelt setting would otherwise be ignored in silence, leaving a default in force. */
function refuseUnknownKeys(where: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigError(`unknown setting ${where}${key}; known settings${where ? ` of ${where.slice(0, -1)}` : ''}: ${known.join(', ')}`);
  }
}

/** raw → defaults → validated → frozen. Throws ConfigError naming the first bad setting. */
export function compileConfig(raw: RawConfig, defaults: { dataDir: string; softwareVersion: string; logFormat?: LogFormat }): ServerConfig {
  refuseUnknownKeys('', raw, RAW_KEYS);
  refuseUnknownKeys('passwordPolicy.', raw.passwordPolicy ?? {}, Object.keys(DEFAULT_PASSWORD_POLICY));
  refuseUnknownKeys('passwordHashCost.', raw.passwordHashCost ?? {}, Object.keys(DEFAULT_HASH_COST));
  refuseUnknownKeys('loginThrottle.', raw.loginThrottle ?? {}, Object.keys(DEFAULT_LOGIN_THROTTLE));
  if (raw.metricsPublic !== undefined && typeof raw.metricsPublic !== 'boolean') throw new ConfigError('metricsPublic must be true or false');
  for (const key of ['listen', 'advertiseUrl', 'dataDir', 'database', 'region', 'systemMode', 'logLevel', 'logFormat'] as const) {
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
  const logFormat = raw.logFormat ?? defaults.logFormat ?? 'json';
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) throw new ConfigError(`--log-format must be one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(logFormat)}`);
  let advertiseUrl: string | null = null;
  if (raw.advertiseUrl !== undefined) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(raw.advertiseUrl)) throw new ConfigError('--advertise-url must be http(s)://HOST[:PORT]');
    advertiseUrl = raw.advertiseUrl.replace(/\/$/, '');
  }
  const region = raw.region ?? 'RegionOne';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(region)) throw new ConfigError('--region must be 1-64 letters, digits, _ or -');
  const systemMode = raw.systemMode ?? 'simplex';
  if (!(SYSTEM_MODES as readonly string[]).includes(systemMode)) throw new ConfigError(`--system-mode must be one of ${SYSTEM_MODES.join(', ')}, got ${JSON.stringify(systemMode)}`);

  return Object.freeze({
    listen: Object.freeze(listen),
    advertiseUrl,
    dataDir,
    store: Object.freeze(parseStore(raw.database, dataDir)),
    region,
    systemMode: systemMode as SystemMode,
    tokenTtlSeconds: positiveInt('tokenTtlSeconds', raw.tokenTtlSeconds, 3600, 60),
    passwordPolicy: Object.freeze(policy),
    passwordHashCost: Object.freeze(cost),
    loginThrottle: Object.freeze({
      windowSeconds: positiveInt('loginThrottle.windowSeconds', raw.loginThrottle?.windowSeconds, DEFAULT_LOGIN_THROTTLE.windowSeconds),
      perSource: positiveInt('loginThrottle.perSource', raw.loginThrottle?.perSource, DEFAULT_LOGIN_THROTTLE.perSource, 0),
      perUser: positiveInt('loginThrottle.perUser', raw.loginThrottle?.perUser, DEFAULT_LOGIN_THROTTLE.perUser, 0),
    }),
    bodyLimitBytes: positiveInt('bodyLimitBytes', raw.bodyLimitBytes, 1024 * 1024, 1024),
    headersTimeoutMs: positiveInt('headersTimeoutMs', raw.headersTimeoutMs, 30_000, 100),
    logLevel: logLevel as ServerConfig['logLevel'],
    logFormat: logFormat as LogFormat,
    metricsPublic: raw.metricsPublic ?? false,
    shutdownTimeoutMs: positiveInt('shutdownTimeoutMs', raw.shutdownTimeoutMs, 30_000, 100),
    softwareVersion: defaults.softwareVersion,
    fault: compileFault(raw.fault ?? {}),
    maintenance: compileMaintenance(raw.maintenance ?? {}),
    software: compileSoftware(raw.software ?? {}),
    orchestration: compileOrchestration(raw.orchestration ?? {}),
  });
}
