/** How an API family spells its error bodies, so that each family's existing clients can parse them. */
export type ErrorBodyFormat = 'keystone' | 'wsme' | 'vim' | 'usm' | 'native';

/** One API family on the controller's port. */
export interface ApiFamilySpec {
  /** Where its routes live: every route of the family is written relative to it. */
  readonly prefix: string;
  readonly errorFormat: ErrorBodyFormat;
  /** How the Keystone catalog lists it, or null for a family that is not a catalog service. */
  readonly catalog: { readonly type: string; readonly name: string; readonly path: string } | null;
}

/**
 * Every API family the controller's port knows, in catalog order: its prefix, its error-body
 * format and its catalog entry. Catalog types and names are the ones the StarlingX clients look
 * up. A catalog lists only the services whose routes the controller serves (see `buildCatalog`).
 * USM's catalog path ends in a slash: the `software` client appends its version with Python's
 * `urljoin`, which replaces the last segment of a URL without one (`…/usm` + `v1` is `…/v1`).
 */
export const API_FAMILIES = {
  sysinv: { prefix: '/sysinv', errorFormat: 'wsme', catalog: { type: 'platform', name: 'sysinv', path: '/sysinv/v1' } },
  fm: { prefix: '/fm', errorFormat: 'wsme', catalog: { type: 'faultmanagement', name: 'fm', path: '/fm' } },
  nfv: { prefix: '/nfv', errorFormat: 'vim', catalog: { type: 'nfv', name: 'vim', path: '/nfv' } },
  usm: { prefix: '/usm', errorFormat: 'usm', catalog: { type: 'usm', name: 'usm', path: '/usm/' } },
  dcmanager: { prefix: '/dcmanager', errorFormat: 'native', catalog: { type: 'dcmanager', name: 'dcmanager', path: '/dcmanager/v1.0' } },
  identity: { prefix: '/identity', errorFormat: 'keystone', catalog: { type: 'identity', name: 'keystone', path: '/identity/v3' } },
  audit: { prefix: '/audit', errorFormat: 'native', catalog: { type: 'audit', name: 'audit', path: '/audit/v1' } },
  agent: { prefix: '/agent', errorFormat: 'native', catalog: null },
  dcagent: { prefix: '/dcagent', errorFormat: 'native', catalog: null },
} as const satisfies Readonly<Record<string, ApiFamilySpec>>;

export type ApiFamily = keyof typeof API_FAMILIES;
export type CatalogService = NonNullable<(typeof API_FAMILIES)[ApiFamily]['catalog']>;
export type ServiceType = CatalogService['type'];

/** The services a controller can list in its catalog, each under its own path on the one port. */
export const CATALOG_SERVICES: readonly CatalogService[] = Object.values(API_FAMILIES).flatMap((family) =>
  family.catalog ? [family.catalog] : [],
);

export const ENDPOINT_INTERFACES = ['public', 'internal', 'admin'] as const;
export type EndpointInterface = (typeof ENDPOINT_INTERFACES)[number];

export interface CatalogEndpoint {
  id: string;
  interface: EndpointInterface;
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

/** Stable short ids, so a catalog is the same document on every request. */
function stableId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
}

/**
 * Builds the catalog for one region: the services for which `serves(path)` says routes are
 * registered under their path. `baseUrls` gives the base URL per interface (all three are the
 * same port today; the admin interface may move to its own later).
 */
export function buildCatalog(
  baseUrls: Readonly<Record<EndpointInterface, string>>,
  region: string,
  serves: (path: string) => boolean,
): CatalogEntry[] {
  return CATALOG_SERVICES.filter((service) => serves(service.path)).map((service) => ({
    id: stableId(`service:${service.type}`),
    type: service.type,
    name: service.name,
    endpoints: ENDPOINT_INTERFACES.map((iface) => ({
      id: stableId(`endpoint:${service.type}:${iface}:${region}`),
      interface: iface,
      region,
      region_id: region,
      url: `${baseUrls[iface].replace(/\/+$/, '')}${service.path}`,
    })),
  }));
}

/** Finds an endpoint URL as keystoneauth does: by type, interface (`publicURL` = `public`) and region. */
export function findEndpoint(
  catalog: ReadonlyArray<{
    type: string;
    endpoints: ReadonlyArray<{ interface: string; region?: string; region_id?: string; url: string }>;
  }>,
  type: string,
  iface: string,
  region: string | null,
): string | null {
  const wanted = iface.replace(/URL$/, '');
  for (const entry of catalog) {
    if (entry.type !== type) continue;
    for (const endpoint of entry.endpoints) {
      const endpointRegion = endpoint.region_id ?? endpoint.region;
      if (endpoint.interface === wanted && (region === null || endpointRegion === region)) return endpoint.url;
    }
  }
  return null;
}
