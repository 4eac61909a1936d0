import { SYSTEM_MODES, type SystemMode } from '@murmuration/core/inventory';
import type { StoreLocation } from '@murmuration/store';
import path from 'node:path';
import Type, { type Static, type TObject } from 'typebox';
import { compileSettings, deepFreeze, type ConfigSection, type SectionConfig } from './runtime/config-compiler.js';
import { ConfigError } from './runtime/config-error.js';
import { CONTROLLER_ROLES, type ControllerRole } from './runtime/controller-role.js';
import { FAULT_CONFIG } from './services/fault/index.js';
import { IDENTITY_CONFIG, type IdentityConfig } from './services/identity/index.js';
import { ORCHESTRATION_CONFIG } from './services/orchestration/index.js';
import { SOFTWARE_CONFIG } from './services/software/index.js';
import { SERVICE_MODULES, type ModuleConfigs } from './service-modules.js';

export { ConfigError } from './runtime/config-error.js';
export { DEFAULT_HASH_COST } from './services/identity/index.js';
export type { HashCost } from './services/identity/index.js';

type ModuleSectionName = keyof ModuleConfigs;
const MODULE_SECTIONS = Object.fromEntries(
  SERVICE_MODULES.flatMap((module) => (module.config === undefined ? [] : [[module.name, module.config]])),
) as { readonly [K in ModuleSectionName]: ConfigSection<TObject, ModuleConfigs[K]> };

/**
 * The sections of the settings that belong to one service each, under its name; each schema lives next to its service.
 * The modules' sections come after fault's, as their loops do.
 */
const SECTIONS = {
  fault: FAULT_CONFIG,
  ...MODULE_SECTIONS,
  software: SOFTWARE_CONFIG,
  orchestration: ORCHESTRATION_CONFIG,
};
type Sections = typeof SECTIONS;
type SectionConfigs = { readonly [K in keyof Sections]: SectionConfig<Sections[K]> };
const SECTION_SCHEMAS = Object.fromEntries(
  Object.entries(SECTIONS).map(([name, section]) => [name, section.schema]),
) as {
  [K in keyof Sections]: Sections[K]['schema'];
};

export const LOG_FORMATS = ['json', 'pretty'] as const;
/** JSON lines, or human-readable lines for a terminal. */
export type LogFormat = (typeof LOG_FORMATS)[number];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_LISTEN = '127.0.0.1:6385';

/**
 * Every setting an operator may give, from flags or a JSON config file: the controller's own,
 * identity's (at the top, as they always were), then one section per service. `listen` and
 * `database` are parsed below; the data directory and the log format default at run time.
 */
const SETTINGS = Type.Object(
  {
    listen: Type.String({ default: DEFAULT_LISTEN }),
    advertiseUrl: Type.Optional(Type.String({ pattern: '^https?://[^/\\s]+/?$', flag: '--advertise-url', expects: 'http(s)://HOST[:PORT]' })),
    dataDir: Type.Optional(Type.String()),
    database: Type.Optional(Type.String()),
    region: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'RegionOne', flag: '--region', expects: '1-64 letters, digits, _ or -' }),
    /** The system mode a first start records (afterwards the database's record holds). */
    systemMode: Type.Enum(SYSTEM_MODES, { default: 'simplex', flag: '--system-mode' }),
    /** The role a first start records (standalone when not given); a later start may only repeat it. */
    role: Type.Optional(Type.Enum(CONTROLLER_ROLES, { flag: '--role' })),
    ...IDENTITY_CONFIG.schema.properties,
    bodyLimitBytes: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
    /** How long a client may take to send its request headers before it gets a 408. */
    headersTimeoutMs: Type.Integer({ minimum: 100, default: 30_000 }),
    logLevel: Type.Enum(LOG_LEVELS, { default: 'info', flag: '--log-level' }),
    logFormat: Type.Optional(Type.Enum(LOG_FORMATS, { flag: '--log-format' })),
    metricsPublic: Type.Boolean({ default: false }),
    shutdownTimeoutMs: Type.Integer({ minimum: 100, default: 30_000 }),
    ...SECTION_SCHEMAS,
  },
  { additionalProperties: false },
);
type Settings = Static<typeof SETTINGS>;

/** What an operator may set, from flags or a JSON config file: every setting optional, checked when compiled. */
export type RawConfig = { [K in keyof Settings]?: unknown };

/** The controller's settings after defaults and validation. Frozen: nothing changes it at run time. */
export interface ServerConfig extends IdentityConfig, SectionConfigs {
  readonly listen: { readonly host: string; readonly port: number };
  /** Base URL put in the catalog; null means "derive from the address actually bound". */
  readonly advertiseUrl: string | null;
  readonly dataDir: string;
  readonly store: StoreLocation;
  readonly region: string;
  /** The system mode a first start records (afterwards the database's record holds). */
  readonly systemMode: SystemMode;
  /** The role given (`--role`), or null: a first start records standalone, a later one keeps what it recorded. */
  readonly role: ControllerRole | null;
  readonly bodyLimitBytes: number;
  /** How long a client may take to send its request headers before it gets a 408. */
  readonly headersTimeoutMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: LogFormat;
  readonly metricsPublic: boolean;
  readonly shutdownTimeoutMs: number;
  readonly softwareVersion: string;
}

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

/** Each service's section, as its service reads it. */
function readSections(settings: Settings): SectionConfigs {
  const read = (name: string, section: { read: (settings: never) => unknown }) =>
    section.read(settings[name as keyof Sections] as never);
  return Object.fromEntries(
    Object.entries(SECTIONS).map(([name, section]) => [name, read(name, section)]),
  ) as SectionConfigs;
}

/** raw → defaults → validated → frozen. Throws ConfigError naming the first bad setting. */
export function compileConfig(
  raw: RawConfig,
  defaults: { dataDir: string; softwareVersion: string; logFormat?: LogFormat },
): ServerConfig {
  const settings = compileSettings(SETTINGS, raw);
  const dataDir = path.resolve(settings.dataDir ?? defaults.dataDir);
  return deepFreeze({
    listen: parseListen(settings.listen),
    advertiseUrl: settings.advertiseUrl === undefined ? null : settings.advertiseUrl.replace(/\/$/, ''),
    dataDir,
    store: parseStore(settings.database, dataDir),
    region: settings.region,
    systemMode: settings.systemMode,
    role: settings.role ?? null,
    ...IDENTITY_CONFIG.read(settings),
    bodyLimitBytes: settings.bodyLimitBytes,
    headersTimeoutMs: settings.headersTimeoutMs,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat ?? defaults.logFormat ?? 'json',
    metricsPublic: settings.metricsPublic,
    shutdownTimeoutMs: settings.shutdownTimeoutMs,
    softwareVersion: defaults.softwareVersion,
    ...readSections(settings),
  });
}
