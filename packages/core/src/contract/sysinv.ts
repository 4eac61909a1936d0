import Type, { type Static } from 'typebox';
import { Link } from './common.js';

const NullableText = Type.Union([Type.String(), Type.Null()]);

/** `isystem` as sysinv serializes it (reference §2.1). */
export const SystemObject = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  system_type: Type.String(),
  system_mode: Type.String(),
  description: NullableText,
  contact: NullableText,
  location: NullableText,
  latitude: NullableText,
  longitude: NullableText,
  services: Type.Union([Type.Integer(), Type.Null()]),
  software_version: Type.String(),
  timezone: Type.String(),
  capabilities: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  region_name: Type.String(),
  distributed_cloud_role: NullableText,
  service_project_name: Type.String(),
  security_feature: Type.String(),
  created_at: Type.String(),
  updated_at: NullableText,
  links: Type.Array(Link),
  ihosts: Type.Optional(Type.Array(Link)),
});
export type SystemObject = Static<typeof SystemObject>;

export const SystemCollection = Type.Object({ isystems: Type.Array(SystemObject), next: Type.Optional(Type.String()) });
export type SystemCollection = Static<typeof SystemCollection>;

/** sysinv collection paging parameters. */
export const CollectionQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    marker: Type.Optional(Type.String({ maxLength: 64 })),
    sort_key: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    sort_dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);

/** A sysinv PATCH body: a JSON-patch list. */
export const PatchBody = Type.Array(
  Type.Object(
    {
      op: Type.Union([Type.Literal('replace'), Type.Literal('add'), Type.Literal('remove')]),
      path: Type.String({ minLength: 2, maxLength: 255 }),
      value: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 100 },
);
export type PatchBody = Static<typeof PatchBody>;

export const SysinvVersionLinks = Type.Array(
  Type.Object({ href: Type.String(), rel: Type.String(), type: Type.Optional(Type.String()) }),
);
export const SysinvRoot = Type.Object({
  name: Type.String(),
  description: Type.String(),
  default_version: Type.Object({ id: Type.String(), links: SysinvVersionLinks }),
  versions: Type.Array(Type.Object({ id: Type.String(), links: SysinvVersionLinks })),
});
