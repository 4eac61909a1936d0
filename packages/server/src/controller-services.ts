import type { CoreServices } from './core-services.js';
import type { ModuleServices } from './service-modules.js';

/**
 * Every service of a controller: the one list, which the composition root fills and passes
 * whole to the HTTP port, and the port to every API family.
 */
export type Services = CoreServices & ModuleServices;
