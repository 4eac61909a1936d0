import { DEFAULT_DOMAIN, notFound, type CatalogEntry } from '@murmuration/core';
import Type from 'typebox';
import { hostUrl, type Api } from '../api-types.js';
import { listLinks } from './keystone-views.js';

const SelfLink = Type.Object({ self: Type.String() });
const ListLinks = Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() });
const Service = Type.Object({ id: Type.String(), type: Type.String(), name: Type.String(), enabled: Type.Boolean(), links: SelfLink });
const Endpoint = Type.Object({
  id: Type.String(),
  interface: Type.String(),
  region: Type.String(),
  region_id: Type.String(),
  url: Type.String(),
  service_id: Type.String(),
  enabled: Type.Boolean(),
  links: SelfLink,
});
const Domain = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  tags: Type.Array(Type.String()),
  options: Type.Object({}),
  links: SelfLink,
});
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

  const Text = Type.Optional(Type.String({ maxLength: 255 }));
  app.get(
    '/identity/v3/services',
    {
      schema: {
        tags,
        summary: 'Services in the catalog',
        querystring: Type.Object({ name: Text, type: Text }),
        response: { 200: Type.Object({ services: Type.Array(Service), links: ListLinks }) },
      },
    },
    async (request) => ({
      services: deps
        .catalog()
        .filter((s) => (request.query.name === undefined || s.name === request.query.name) && (request.query.type === undefined || s.type === request.query.type))
        .map((s) => ({ id: s.id, type: s.type, name: s.name, enabled: true, links: { self: `${base(request)}/services/${s.id}` } })),
      links: listLinks(`${base(request)}/services`),
    }),
  );

  app.get(
    '/identity/v3/endpoints',
    {
      schema: {
        tags,
        summary: 'Endpoints in the catalog',
        querystring: Type.Object({ service_id: Text, interface: Text, region_id: Text }),
        response: { 200: Type.Object({ endpoints: Type.Array(Endpoint), links: ListLinks }) },
      },
    },
    async (request) => {
      const q = request.query;
      return {
        endpoints: deps
          .catalog()
          .filter((s) => q.service_id === undefined || s.id === q.service_id)
          .flatMap((s) => s.endpoints.map((e) => ({ ...e, service_id: s.id, enabled: true, links: { self: `${base(request)}/endpoints/${e.id}` } })))
          .filter((e) => (q.interface === undefined || e.interface === q.interface) && (q.region_id === undefined || e.region_id === q.region_id)),
        links: listLinks(`${base(request)}/endpoints`),
      };
    },
  );

  app.get(
    '/identity/v3/domains',
    { schema: { tags, summary: 'Domains (there is one: default)', response: { 200: Type.Object({ domains: Type.Array(Domain), links: ListLinks }) } } },
    async (request) => ({ domains: [domain(base(request))], links: listLinks(`${base(request)}/domains`) }),
  );

  app.get(
    '/identity/v3/domains/:domain_id',
    {
      schema: { tags, summary: 'Show a domain', params: Type.Object({ domain_id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ domain: Domain }) } },
    },
    async (request) => {
      const id = request.params.domain_id;
      if (id !== DEFAULT_DOMAIN.id && id !== DEFAULT_DOMAIN.name) throw notFound(`Could not find domain: ${id}.`);
      return { domain: domain(base(request)) };
    },
  );
}
