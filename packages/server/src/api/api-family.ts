import type { Clock } from '@murmuration/core/common';
import { API_FAMILIES, type ApiFamily, type CatalogEntry } from '@murmuration/core/identity';
import type { Registry } from 'prom-client';
import type { TSchema } from 'typebox';
import type { Services } from '../controller-services.js';
import type { Api } from './api-types.js';

/** What every API family is given: the services whole, and what the port itself provides. */
export interface ApiContext {
  readonly services: Services;
  readonly clock: Clock;
  /** The catalog as it stands: only the services whose routes are registered. */
  readonly catalog: () => readonly CatalogEntry[];
  /** The port's metrics registry, for families that publish gauges of their own. */
  readonly registry: Registry;
  /** Largest release bundle an upload may carry. */
  readonly maxBundleBytes: number;
  /** The wire schemas of the host-configuration sections modules contribute, by name, in order. */
  readonly hostConfigSchemas: Readonly<Record<string, TSchema>>;
}

/**
 * One API family: its routes, written relative to the prefix the family table gives it, so
 * that the table is the one place that says where a family lives and how it spells errors.
 */
export interface ApiPlugin {
  readonly family: ApiFamily;
  routes(app: Api, context: ApiContext): void;
}

/** Registers a family as its own Fastify plugin under its prefix; hooks it adds stay inside it. */
export async function registerApiFamily(app: Api, plugin: ApiPlugin, context: ApiContext): Promise<void> {
  await app.register(
    async (scope: Api) => {
      plugin.routes(scope, context);
    },
    { prefix: API_FAMILIES[plugin.family].prefix },
  );
}
