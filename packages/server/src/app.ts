import { internalContext, systemClock, type Clock } from '@murmuration/core/common';
import { buildCatalog, type CatalogEntry } from '@murmuration/core/identity';
import { openStore, type Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { Api } from './api/api-types.js';
import { createHttpServer } from './api/http-server.js';
import type { ServerConfig } from './config.js';
import { controllerLoops } from './controller-loops.js';
import type { Services } from './controller-services.js';
import type { CoreServices } from './core-services.js';
import { createModules, moduleHostConfig } from './module-wiring.js';
import { API_PLUGINS } from './api/api-plugins.js';
import { createLogger, logDestination } from './runtime/logger.js';
import { createLoopRuntime } from './runtime/loop-runtime.js';
import { recordedRole, roleOf, type ControllerRole } from './runtime/controller-role.js';
import { attachAgentChannel } from './api/agent/agent-channel.js';
import { createAuditService, type AuditService } from './services/audit/index.js';
import { createFaultService } from './services/fault/index.js';
import { createIdentityService, type IdentityService } from './services/identity/index.js';
import { createHostInventoryService, createHostLabelService, createHostService, createSystemService, hostLabelsSection } from './services/inventory/index.js';
import { createStrategyService } from './services/orchestration/index.js';
import { createReplicaCaches, type ReplicaCaches } from './services/replica-caches/index.js';
import { createDeployService, createReleaseService, hostReleaseSection, loadReleaseSigningKey } from './services/software/index.js';

/** What the first start of a controller created and must show the operator once. */
export interface FirstStart {
  readonly adminPassword: string;
}

/** A wired controller: store, services and the HTTP port, not yet listening. */
export interface Controller {
  readonly config: ServerConfig;
  readonly http: Api;
  readonly store: Store;
  readonly logger: Logger;
  readonly services: Services;
  /** Set when this start seeded a new system; null when the database already had one. */
  readonly firstStart: FirstStart | null;
  /** Starts listening; resolves to the base URL the catalog advertises. */
  listen(): Promise<string>;
  /** Base URL the catalog advertises. */
  baseUrl(): string;
  /** Stops accepting, lets in-flight requests finish, stops background work, closes the store. */
  close(): Promise<void>;
}

export interface ControllerOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /**
   * Keeps the first start's admin password (`murmur up` writes the openrc), called inside the
   * transaction that creates the admin user: if it throws, nothing of the first start is kept,
   * so there is never an admin whose password nobody was given.
   */
  readonly keepAdminPassword?: (password: string) => void | Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The base URL the catalog advertises before the port is bound: --advertise-url, or the listen address. */
export function configuredBaseUrl(config: ServerConfig, port: number = config.listen.port): string {
  return config.advertiseUrl ?? `http://${urlHost(config.listen.host)}:${port}`;
}

function identityOf(
  config: ServerConfig,
  deps: { store: Store; audit: AuditService; caches: ReplicaCaches; clock: Clock },
): IdentityService {
  return createIdentityService({
    ...deps, policy: config.passwordPolicy, hashCost: config.passwordHashCost, tokenTtlSeconds: config.tokenTtlSeconds,
    loginThrottle: config.loginThrottle,
  });
}

/**
 * What `murmur admin` works with on a controller's data: the store and the identity service, no HTTP port, no
 * background work.
 */
export interface DataDirAdmin {
  readonly identity: IdentityService;
  close(): Promise<void>;
}

/** Opens a controller's database for `murmur admin`; changes are audited in its audit log as the controller's are. */
export async function openDataDirAdmin(
  config: ServerConfig,
  options: { readonly clock?: Clock } = {},
): Promise<DataDirAdmin> {
  const clock = options.clock ?? systemClock;
  const store = await openStore(config.store);
  const caches = createReplicaCaches({ store });
  const identity = identityOf(config, { store, audit: createAuditService({ store, clock }), caches, clock });
  return { identity, close: () => store.close() };
}

/** The composition root: the one place that wires config, store, services and the API together. */
export async function createController(config: ServerConfig, options: ControllerOptions = {}): Promise<Controller> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel, logDestination(config.logFormat));
  const store = await openStore(config.store);
  if (store.migrations.applied.length > 0) logger.info({ applied: store.migrations.applied }, 'database schema migrated');

  const audit = createAuditService({ store, clock });
  // What a replica keeps in memory follows the changes every replica over the database makes.
  const caches = createReplicaCaches({ store });
  const identity = identityOf(config, { store, audit, caches, clock });
  const systems = createSystemService({
    store, audit, clock,
    seed: {
      name: 'murmuration', region: config.region, systemMode: config.systemMode, softwareVersion: config.softwareVersion,
      distributedCloudRole: recordedRole(config.role ?? 'standalone'),
    },
  });

  const firstStart = await store.transaction(async (repos) => {
    if ((await repos.systems.list()).length > 0) return null;
    const ctx = internalContext('req-first-start', '/first-start');
    await systems.seed(repos, ctx);
    const seeded = await identity.seed(repos, ctx);
    await options.keepAdminPassword?.(seeded.adminPassword);
    return { adminPassword: seeded.adminPassword };
  });
  if (firstStart) logger.info('first start: system record, roles, projects and the admin user created');
  let role: ControllerRole;
  try {
    role = roleOf(config.role, (await systems.list())[0]?.distributedCloudRole ?? null);
  } catch (error) {
    await store.close();
    throw error;
  }

  let base = configuredBaseUrl(config);
  const fault = createFaultService({
    store,
    audit,
    caches,
    clock,
    logger,
    region: config.region,
    baseUrl: () => base,
    userAgent: `murmuration/${config.softwareVersion}`,
    settings: {
      eventLogRetention: config.fault.eventLogRetention,
      trimIntervalMs: config.fault.trimIntervalSeconds * 1000,
      inhibitRules: config.fault.inhibitRules,
      delivery: {
        timeoutMs: config.fault.deliveryTimeoutMs, minBackoffMs: 500,
        maxBackoffMs: config.fault.deliveryMaxBackoffSeconds * 1000, batch: config.fault.deliveryBatch,
        alertmanagerResendMs: config.fault.alertmanagerResendSeconds * 1000,
      },
    },
  });
  await fault.start();
  const moduleSections = moduleHostConfig(store);
  const configSections = {
    labels: hostLabelsSection(store), software: hostReleaseSection(store), ...moduleSections.readers,
  };
  const hosts = createHostService({ store, audit, fault, systems, clock, configSections });
  const inventory = createHostInventoryService({ store, audit, hosts, clock });
  const labels = createHostLabelService({ store, hosts, clock });
  const releases = createReleaseService({
    store, audit, clock, dataDir: config.dataDir, publicKeyPem: loadReleaseSigningKey(config.dataDir).publicKeyPem,
    limits: { maxBytes: config.software.maxBundleBytes, maxFiles: 10_000 },
  });
  const deploy = createDeployService({ store, audit, fault, hosts, clock });
  const strategies = createStrategyService({
    store, audit, fault, hosts, deploy, clock, logger,
    settings: { pollMs: config.orchestration.pollMs, stabilizeMs: config.orchestration.stabilizeSeconds * 1000 },
  });
  const core: CoreServices = {
    audit, identity, systems, hosts, inventory, labels, releases, deploy, strategies, fault,
  };
  const controller = {
    role, region: config.region, softwareVersion: config.softwareVersion, dataDir: config.dataDir, baseUrl: () => base,
  };
  const modules = createModules({ store, clock, logger, services: core, controller }, config);
  let catalog: { base: string; entries: readonly CatalogEntry[] } | null = null;
  // The routes are all registered before the first request, so only the base URL can change.
  const currentCatalog = (serves: (path: string) => boolean): readonly CatalogEntry[] => {
    if (catalog?.base !== base) {
      catalog = { base, entries: buildCatalog({ public: base, internal: base, admin: base }, config.region, serves) };
    }
    return catalog.entries;
  };

  const services: Services = { ...core, ...modules.services };
  const loops = createLoopRuntime(controllerLoops({ ...services, logger }, modules.loops), logger);
  const http = await createHttpServer({
    logger, bodyLimitBytes: config.bodyLimitBytes, headersTimeoutMs: config.headersTimeoutMs,
    maxBundleBytes: config.software.maxBundleBytes, metricsPublic: config.metricsPublic,
    softwareVersion: config.softwareVersion, services, clock, catalog: currentCatalog, ping: () => store.ping(),
    loops: loops.loops, plugins: [...API_PLUGINS, ...modules.plugins], hostConfigSchemas: moduleSections.schemas,
  });

  const { enrollment, maintenance } = services;
  const agents = attachAgentChannel(http.server, { enrollment, audit, hosts, maintenance, logger });
  await loops.start();

  let closed: Promise<void> | null = null;
  return {
    config,
    http,
    store,
    logger,
    services,
    firstStart,
    baseUrl: () => base,
    async listen() {
      await http.listen({ host: config.listen.host, port: config.listen.port });
      const address = http.server.address();
      if (config.advertiseUrl === null && address !== null && typeof address === 'object') {
        base = configuredBaseUrl(config, address.port);
      }
      return base;
    },
    close() {
      closed ??= (async () => {
        await agents.close();
        // Keep-alive connections that finish their last request during shutdown become idle
        // after close() began; sweep them so that close() does not wait for clients to hang up.
        const sweep = setInterval(() => http.server.closeIdleConnections(), 100);
        try {
          await http.close();
        } finally {
          clearInterval(sweep);
        }
        await loops.stop();
        await fault.stop();
        await audit.flushRepeated({ all: true }).catch((error: unknown) => logger.warn({ err: error }, 'could not write the count of repeated failures to the audit log'));
        await store.close();
      })();
      return closed;
    },
  };
}
