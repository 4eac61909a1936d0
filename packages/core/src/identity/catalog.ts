/**
 * The services a controller can expose on its one port, each under its own prefix, as the
 * Keystone catalog lists them. Types and names are the ones the StarlingX clients look up. A
 * catalog lists only those whose routes the controller serves (see `buildCatalog`). USM's ends
 * in a slash: the `software` client appends its version with Python's `urljoin`, which replaces
 * the last segment of a URL without one (`…/usm` + `v1` is `…/v1`).
 */
export const CATALOG_SERVICES = [
  { type: 'platform', name: 'sysinv', path: '/sysinv/v1' },
  { type: 'faultmanagement', name: 'fm', path: '/fm' },
  { type: 'nfv', name: 'vim', path: '/nfv' },
  { type: 'usm', name: 'usm', path: '/usm/' },
  { type: 'dcmanager', name: 'dcmanager', path: '/dcmanager/v1.0' },
  { type: 'identity', name: 'keystone', path: '/identity/v3' },
  { type: 'audit', name: 'audit', path: '/audit/v1' },
] as const;

export type CatalogService = (typeof CATALOG_SERVICES)[number];
export type ServiceType = CatalogService['type'];

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
export function buildCatalog(baseUrls: Readonly<Record<EndpointInterface, string>>, region: string, serves: (path: string) => boolean): CatalogEntry[] {
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
  catalog: ReadonlyArray<{ type: string; endpoints: ReadonlyArray<{ interface: string; region?: string; region_id?: string; url: string }> }>,
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
