import Type, { type Static } from 'typebox';
import { KeystoneIdPattern, QueryFlag } from './common.js';

const Name = Type.String({ minLength: 1, maxLength: 255 });
const DomainRef = Type.Object(
  { id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const SelfLinks = Type.Object({ self: Type.String() });
const ListLinks = Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() });

const KeystoneId = Type.String({ pattern: KeystoneIdPattern, description: '32 hex digits' });
export const UserIdParam = Type.Object({ user_id: KeystoneId });
export const ProjectIdParam = Type.Object({ project_id: KeystoneId });
export const RoleIdParam = Type.Object({ role_id: KeystoneId });

/** `POST /v3/auth/tokens` body: `password` or `token` method, optional project scope. */
export const AuthRequest = Type.Object(
  {
    auth: Type.Object(
      {
        identity: Type.Object(
          {
            methods: Type.Array(Type.Union([Type.Literal('password'), Type.Literal('token')]), {
              minItems: 1,
              maxItems: 1,
            }),
            password: Type.Optional(
              Type.Object(
                {
                  user: Type.Object(
                    {
                      id: Type.Optional(Type.String({ maxLength: 64 })),
                      name: Type.Optional(Type.String({ maxLength: 255 })),
                      password: Type.String({ maxLength: 4096 }),
                      domain: Type.Optional(DomainRef),
                    },
                    { additionalProperties: false },
                  ),
                },
                { additionalProperties: false },
              ),
            ),
            token: Type.Optional(
              Type.Object({ id: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
        scope: Type.Optional(
          Type.Object(
            {
              project: Type.Optional(
                Type.Object(
                  {
                    id: Type.Optional(Type.String({ maxLength: 64 })),
                    name: Type.Optional(Type.String({ maxLength: 255 })),
                    domain: Type.Optional(DomainRef),
                  },
                  { additionalProperties: false },
                ),
              ),
              system: Type.Optional(Type.Object({ all: Type.Boolean() })),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AuthRequest = Static<typeof AuthRequest>;

const DomainObject = Type.Object({ id: Type.String(), name: Type.String() });
const EndpointObject = Type.Object({
  id: Type.String(),
  interface: Type.String(),
  region: Type.String(),
  region_id: Type.String(),
  url: Type.String(),
});
export const CatalogEntryObject = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  endpoints: Type.Array(EndpointObject),
});

/** The token body keystoneauth, sw-manager and dcmanager read. */
export const TokenBody = Type.Object({
  token: Type.Object({
    expires_at: Type.String(),
    issued_at: Type.String(),
    audit_ids: Type.Array(Type.String()),
    methods: Type.Array(Type.String()),
    user: Type.Object({
      id: Type.String(),
      name: Type.String(),
      domain: DomainObject,
      password_expires_at: Type.Null(),
    }),
    project: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), domain: DomainObject })),
    roles: Type.Optional(Type.Array(Type.Object({ id: Type.String(), name: Type.String() }))),
    catalog: Type.Optional(Type.Array(CatalogEntryObject)),
    is_domain: Type.Optional(Type.Boolean()),
  }),
});
export type TokenBody = Static<typeof TokenBody>;

export const UserObject = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Boolean(),
  default_project_id: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  password_expires_at: Type.Null(),
  options: Type.Object({}),
  links: SelfLinks,
});
export type UserObject = Static<typeof UserObject>;

export const UserCreateBody = Type.Object(
  {
    user: Type.Object(
      {
        name: Name,
        password: Type.Optional(Type.String({ maxLength: 4096 })),
        enabled: Type.Optional(Type.Boolean()),
        default_project_id: Type.Optional(Type.String({ pattern: KeystoneIdPattern })),
        domain_id: Type.Optional(Type.String({ maxLength: 64 })),
        description: Type.Optional(Type.String({ maxLength: 255 })),
        email: Type.Optional(Type.String({ maxLength: 255 })),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserUpdateBody = Type.Object(
  {
    user: Type.Object(
      {
        name: Type.Optional(Name),
        password: Type.Optional(Type.String({ maxLength: 4096 })),
        enabled: Type.Optional(Type.Boolean()),
        default_project_id: Type.Optional(Type.Union([Type.String({ pattern: KeystoneIdPattern }), Type.Null()])),
        description: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
        email: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type UserUpdateBody = Static<typeof UserUpdateBody>;

export const PasswordChangeBody = Type.Object(
  {
    user: Type.Object(
      { password: Type.String({ maxLength: 4096 }), original_password: Type.String({ maxLength: 4096 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const UserResponse = Type.Object({ user: UserObject });
export const UserList = Type.Object({ users: Type.Array(UserObject), links: ListLinks });
export const UserListQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  enabled: Type.Optional(QueryFlag),
});

export const ProjectObject = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  parent_id: Type.String(),
  is_domain: Type.Boolean(),
  tags: Type.Array(Type.String()),
  options: Type.Object({}),
  links: SelfLinks,
});
export type ProjectObject = Static<typeof ProjectObject>;

export const ProjectCreateBody = Type.Object(
  {
    project: Type.Object(
      {
        name: Name,
        description: Type.Optional(Type.String({ maxLength: 255 })),
        enabled: Type.Optional(Type.Boolean()),
        domain_id: Type.Optional(Type.String({ maxLength: 64 })),
        parent_id: Type.Optional(Type.String({ maxLength: 64 })),
        is_domain: Type.Optional(Type.Literal(false)),
        tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 80 })),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ProjectCreateBody = Static<typeof ProjectCreateBody>;

export const ProjectUpdateBody = Type.Object(
  {
    project: Type.Object(
      {
        name: Type.Optional(Name),
        description: Type.Optional(Type.String({ maxLength: 255 })),
        enabled: Type.Optional(Type.Boolean()),
        tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 80 })),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ProjectUpdateBody = Static<typeof ProjectUpdateBody>;

export const ProjectResponse = Type.Object({ project: ProjectObject });
export const ProjectList = Type.Object({ projects: Type.Array(ProjectObject), links: ListLinks });
export const ProjectListQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  enabled: Type.Optional(QueryFlag),
});

export const RoleObject = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.Null(),
  description: Type.Union([Type.String(), Type.Null()]),
  options: Type.Object({}),
  links: SelfLinks,
});
export type RoleObject = Static<typeof RoleObject>;

export const RoleCreateBody = Type.Object(
  {
    role: Type.Object(
      {
        name: Name,
        description: Type.Optional(Type.String({ maxLength: 255 })),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RoleCreateBody = Static<typeof RoleCreateBody>;
export const RoleUpdateBody = Type.Object(
  {
    role: Type.Object(
      {
        name: Type.Optional(Name),
        description: Type.Optional(Type.String({ maxLength: 255 })),
        options: Type.Optional(Type.Object({}, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RoleUpdateBody = Static<typeof RoleUpdateBody>;
export const RoleResponse = Type.Object({ role: RoleObject });
export const RoleList = Type.Object({ roles: Type.Array(RoleObject), links: ListLinks });
export const RoleListQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) });

const NamedDomain = Type.Optional(Type.Object({ id: Type.String(), name: Type.String() }));
export const RoleAssignmentObject = Type.Object({
  role: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()) }),
  user: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()), domain: NamedDomain }),
  scope: Type.Object({
    project: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()), domain: NamedDomain }),
  }),
  links: Type.Object({ assignment: Type.String() }),
});
export type RoleAssignmentObject = Static<typeof RoleAssignmentObject>;
export const RoleAssignmentList = Type.Object({ role_assignments: Type.Array(RoleAssignmentObject), links: ListLinks });
export const RoleAssignmentQuery = Type.Object({
  'user.id': Type.Optional(Type.String({ pattern: KeystoneIdPattern })),
  'scope.project.id': Type.Optional(Type.String({ pattern: KeystoneIdPattern })),
  'role.id': Type.Optional(Type.String({ pattern: KeystoneIdPattern })),
  include_names: Type.Optional(QueryFlag),
});

/** A version document, as keystoneauth's discovery reads it. */
export const VersionObject = Type.Object({
  id: Type.String(),
  status: Type.String(),
  updated: Type.String(),
  links: Type.Array(Type.Object({ rel: Type.String(), href: Type.String() })),
  'media-types': Type.Array(Type.Object({ base: Type.String(), type: Type.String() })),
});
export const VersionResponse = Type.Object({ version: VersionObject });
export const VersionsResponse = Type.Object({ versions: Type.Object({ values: Type.Array(VersionObject) }) });

const ServiceObject = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  links: SelfLinks,
});
const ListedEndpoint = Type.Object({
  id: Type.String(),
  interface: Type.String(),
  region: Type.String(),
  region_id: Type.String(),
  url: Type.String(),
  service_id: Type.String(),
  enabled: Type.Boolean(),
  links: SelfLinks,
});
const DomainView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  tags: Type.Array(Type.String()),
  options: Type.Object({}),
  links: SelfLinks,
});
const CatalogFilter = Type.Optional(Type.String({ maxLength: 255 }));

/** Read-only views of the catalog, as `openstack service|endpoint list` read them. */
export const ServiceList = Type.Object({ services: Type.Array(ServiceObject), links: ListLinks });
export const ServiceListQuery = Type.Object({ name: CatalogFilter, type: CatalogFilter });
export const EndpointList = Type.Object({ endpoints: Type.Array(ListedEndpoint), links: ListLinks });
export const EndpointListQuery = Type.Object({
  service_id: CatalogFilter,
  interface: CatalogFilter,
  region_id: CatalogFilter,
});
export const DomainList = Type.Object({ domains: Type.Array(DomainView), links: ListLinks });
export const DomainResponse = Type.Object({ domain: DomainView });
export const DomainIdParam = Type.Object({ domain_id: Type.String({ maxLength: 64 }) });
