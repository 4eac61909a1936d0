import type { Clock } from '@murmuration/core/common';
import type { ApiFamily, CatalogEntry } from '@murmuration/core/identity';
import type { HostConfigSectionName } from '@murmuration/core/inventory';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { TObject, TSchema } from 'typebox';
import type { Api } from './api/api-types.js';
import type { CoreServices } from './core-services.js';
import type { BackgroundLoop } from './runtime/background-loop.js';
import type { ControllerRole } from './runtime/controller-role.js';
import type { HostConfigSectionReader } from './services/inventory/index.js';

/** What any module may know of the controller it is part of. */
export interface ControllerFacts {
  /** The role it runs as, the one its first start recorded. */
  readonly role: ControllerRole;
  readonly region: string;
  readonly softwareVersion: string;
  readonly dataDir: string;
  /** The base URL its catalog advertises (settled once the port is bound). */
  baseUrl(): string;
}

/**
 * What a module's service is created from: the store, time, its own settings, the services made before it and the
 * facts of the controller.
 */
export interface ModuleDeps<C> {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Its settings section as its `config` reads it (undefined when it has none). */
  readonly config: C;
  readonly services: CoreServices;
  readonly controller: ControllerFacts;
}

/** What a module's routes are given: its own service, time, the catalog as it stands and the port's metrics. */
export interface ModuleApiContext<S> {
  readonly service: S;
  readonly clock: Clock;
  readonly catalog: () => readonly CatalogEntry[];
  /** The port's metrics registry, for a module that publishes series of its own. */
  readonly registry: Registry;
}

/** A module's routes; they are registered under its family's prefix. */
export interface ModuleApi<S> {
  readonly family: ApiFamily;
  routes(app: Api, context: ModuleApiContext<S>): void;
}

/**
 * A section a module contributes to every host's desired configuration: its name in the
 * document, its wire schema (the agent's document is served with it) and its reader.
 */
export interface HostConfigContribution<N extends ContributedSectionName> {
  readonly name: N;
  readonly schema: TSchema;
  read(store: Store): HostConfigSectionReader<N>;
}

/** The sections of a host's desired configuration that a module may contribute. */
export type ContributedSectionName = Exclude<HostConfigSectionName, 'host'>;

/**
 * One service, described whole: its name (its key among the controller's services and its
 * settings section), how it is made, and what it adds to the controller (routes, background
 * loops, a host-configuration section). The composition root walks the list of modules; adding a
 * service is one line there. A strategy kind is built by its module with the engine
 * (`createStrategyRunner`) and its runner's loop is one of the module's loops.
 */
export interface ServiceModule<
  N extends string = string, S = unknown, C = unknown, H extends ContributedSectionName = never,
> {
  readonly name: N;
  /** Its settings section (`config.ts`'s `ConfigSection`), under the module's name. */
  readonly config?: { readonly schema: TObject; readonly read: (settings: never) => C } | undefined;
  create(deps: ModuleDeps<C>): S;
  /**
   * Whether this controller serves the module's routes and runs its loops (always, when absent). Its service is
   * made either way, so that the controller's services keep one shape; a disabled module's is simply not reached.
   */
  enabled?(controller: ControllerFacts): boolean;
  /** Its loops, started in the list's order after the fault service's (see `controller-loops.ts`). */
  loops?(service: S): readonly BackgroundLoop[];
  readonly api?: ModuleApi<S> | undefined;
  readonly hostConfig?: HostConfigContribution<H> | undefined;
}

/** Declares a module, its types inferred from what it creates and the section it reads. */
export function serviceModule<N extends string, S, C = undefined, H extends ContributedSectionName = never>(
  module: ServiceModule<N, S, C, H>,
): ServiceModule<N, S, C, H> {
  return module;
}
