import { notFound } from '@murmuration/core/common';
import {
  DomainIdParam, DomainList, DomainResponse, EndpointList, EndpointListQuery, ServiceList, ServiceListQuery,
} from '@murmuration/core/contract/identity';
import { DEFAULT_DOMAIN, type CatalogEntry } from '@murmuration/core/identity';
import { hostUrl, type Api } from '../api-types.js';
import { listLinks } from './keystone-views.js';

const tags = ['identity'];

/** Read-only views of the catalog (services, endpoints) and of the one domain, for `openstack … list`. */
export function catalogRoutes(app: Api, deps: { catalog: () => readonly CatalogEntry[] }): void {
  const base = (request: Parameters<typeof hostUrl>[0]) => `${hostUrl(request)}/identity/v3`;
  const domain = (b: string) => ({
    id: DEFAULT_DOMAIN.id,
    name: DEFAULT_DOMAIN.name,
    description: 'The default domain',
    enabled: true,
    tags: [],
    options: {},
    links: { self: `${b}/domains/${DEFAULT_DOMAIN.id}` },
  });

  app.get('/v3/services', { schema: { tags, summary: 'Services in the catalog', querystring: ServiceListQuery, response: { 200: ServiceList } } }, async (request) => {
    const { name, type } = request.query;
    return {
      services: deps
        .catalog()
        .filter((s) => (name === undefined || s.name === name) && (type === undefined || s.type === type))
        .map((s) => ({ id: s.id, type: s.type, name: s.name, enabled: true, links: { self: `${base(request)}/services/${s.id}` } })),
      links: listLinks(`${base(request)}/services`),
    };
  });

  app.get('/v3/endpoints', { schema: { tags, summary: 'Endpoints in the catalog', querystring: EndpointListQuery, response: { 200: EndpointList } } }, async (request) => {
    const q = request.query;
    return {
      endpoints: deps
        .catalog()
        .filter((s) => q.service_id === undefined || s.id === q.service_id)
        .flatMap((s) =>
          s.endpoints.map((e) => ({
            ...e,
            service_id: s.id,
            enabled: true,
            links: { self: `${base(request)}/endpoints/${e.id}` },
          })),
        )
        .filter(
          (e) =>
            (q.interface === undefined || e.interface === q.interface) &&
            (q.region_id === undefined || e.region_id === q.region_id),
        ),
      links: listLinks(`${base(request)}/endpoints`),
    };
  });

  app.get('/v3/domains', { schema: { tags, summary: 'Domains (there is one: default)', response: { 200: DomainList } } }, async (request) => ({
    domains: [domain(base(request))],
    links: listLinks(`${base(request)}/domains`),
  }));

  app.get('/v3/domains/:domain_id', { schema: { tags, summary: 'Show a domain', params: DomainIdParam, response: { 200: DomainResponse } } }, async (request) => {
    const id = request.params.domain_id;
    if (id !== DEFAULT_DOMAIN.id && id !== DEFAULT_DOMAIN.name) throw notFound(`Could not find domain: ${id}.`);
    return { domain: domain(base(request)) };
  });
}
