import type { HostConfigSectionReader } from './services/inventory/index.js';
import { enrollmentModule } from './services/agents/index.js';
import { dcAgentModule } from './services/dc-agent/index.js';
import { dcManagerModule } from './services/dc-manager/index.js';
import { dcOrchestrationModule } from './services/dc-orchestration/index.js';
import { maintenanceModule } from './services/maintenance/index.js';
import { networkModule } from './services/network/index.js';

/**
 * Every service written as a module, in the order the composition root makes them and starts
 * their loops: the one place a new service is registered.
 */
export const SERVICE_MODULES = [
  networkModule, enrollmentModule, maintenanceModule, dcAgentModule, dcManagerModule, dcOrchestrationModule,
] as const;

type Modules = (typeof SERVICE_MODULES)[number];
type ConfigOf<M extends Modules> = Parameters<M['create']>[0]['config'];

/** Each module's service, under its name. */
export type ModuleServices = { readonly [M in Modules as M['name']]: ReturnType<M['create']> };

/** Each module's settings as its service reads them, under its name; modules without a section are left out. */
export type ModuleConfigs = { readonly [M in Modules as [ConfigOf<M>] extends [undefined] ? never : M['name']]: ConfigOf<M> };

type SectionOf<M extends Modules> = NonNullable<M['hostConfig']>['name'];

/** The readers of the host-configuration sections the modules contribute, under each section's name. */
export type ModuleHostConfigReaders = { readonly [K in SectionOf<Modules>]: HostConfigSectionReader<K> };
