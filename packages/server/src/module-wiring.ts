import type { Store } from '@murmuration/store';
import type { TSchema } from 'typebox';
import type { ApiPlugin } from './api/api-family.js';
import type { ServerConfig } from './config.js';
import type { BackgroundLoop } from './runtime/background-loop.js';
import type { ContributedSectionName, ModuleDeps, ServiceModule } from './service-module.js';
import { SERVICE_MODULES, type ModuleHostConfigReaders, type ModuleServices } from './service-modules.js';

type AnyModule = ServiceModule<string, unknown, unknown, ContributedSectionName>;
const MODULES: readonly AnyModule[] = SERVICE_MODULES;

/** The host-configuration sections the modules contribute: each one's reader and wire schema, in the list's order. */
export function moduleHostConfig(store: Store): {
  readonly readers: ModuleHostConfigReaders;
  readonly schemas: Readonly<Record<string, TSchema>>;
} {
  const contributions = MODULES.flatMap(({ hostConfig }) => (hostConfig ? [hostConfig] : []));
  return {
    readers: Object.fromEntries(
      contributions.map((section) => [section.name, section.read(store)]),
    ) as ModuleHostConfigReaders,
    schemas: Object.fromEntries(contributions.map((section) => [section.name, section.schema])),
  };
}

/** What the modules add to a controller once made: their services, their API families' routes and their loops. */
export interface MadeModules {
  readonly services: ModuleServices;
  readonly plugins: readonly ApiPlugin[];
  readonly loops: readonly BackgroundLoop[];
}

/**
 * Makes every module's service in the list's order, each given its own settings section (undefined without one);
 * the routes and loops are those of the modules enabled on this controller.
 */
export function createModules(deps: Omit<ModuleDeps<unknown>, 'config'>, config: ServerConfig): MadeModules {
  const sections = config as unknown as Readonly<Record<string, unknown>>;
  const made = MODULES.map((module) => ({
    module,
    service: module.create({ ...deps, config: module.config === undefined ? undefined : sections[module.name] }),
  }));
  const enabled = made.filter(({ module }) => module.enabled?.(deps.controller) ?? true);
  return {
    services: Object.fromEntries(made.map(({ module, service }) => [module.name, service])) as ModuleServices,
    plugins: enabled.flatMap(({ module: { api }, service }): ApiPlugin[] =>
      api
        ? [{
          family: api.family,
          routes: (app, { clock, catalog, registry }) => api.routes(app, { service, clock, catalog, registry }),
        }]
        : []),
    loops: enabled.flatMap(({ module, service }) => module.loops?.(service) ?? []),
  };
}
