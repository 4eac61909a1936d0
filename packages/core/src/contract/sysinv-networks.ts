import Type, { type Static } from 'typebox';
import { Link } from './common.js';

const NullableText = Type.Union([Type.String(), Type.Null()]);
const Address = Type.String({ maxLength: 64 });

/** `addrpool` (reference §2.7). */
export const AddressPoolObject = Type.Object({
  id: Type.Integer(),
  uuid: Type.String(),
  name: Type.String(),
  network: Type.String(),
  prefix: Type.Integer(),
  family: Type.Integer(),
  order: Type.String(),
  ranges: Type.Array(Type.Array(Type.String())),
  floating_address: NullableText,
  controller0_address: NullableText,
  controller1_address: NullableText,
  gateway_address: NullableText,
  floating_address_id: Type.Null(),
  controller0_address_id: Type.Null(),
  controller1_address_id: Type.Null(),
  gateway_address_id: Type.Null(),
  links: Type.Array(Link),
});

export const AddressPoolCollection = Type.Object({ addrpools: Type.Array(AddressPoolObject) });

export const AddressPoolCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    network: Address,
    prefix: Type.Union([Type.Integer(), Type.String({ pattern: '^\\d{1,3}$' })]),
    order: Type.Optional(Type.String({ maxLength: 16 })),
    /** [[start, end], …], or `start-end[,start-end…]` as the CLI takes it. */
    ranges: Type.Optional(Type.Union([Type.Array(Type.Array(Address)), Type.String({ maxLength: 4096 })])),
    floating_address: Type.Optional(NullableText),
    controller0_address: Type.Optional(NullableText),
    controller1_address: Type.Optional(NullableText),
    gateway_address: Type.Optional(NullableText),
  },
  { additionalProperties: false },
);

/**
 * `PATCH /addrpools/{uuid}`: sysinv's patch list, where `system addrpool-modify --ranges` sends
 * the ranges as a list of [start, end] pairs and every other field as text.
 */
export const AddressPoolPatchBody = Type.Array(
  Type.Object(
    {
      op: Type.Union([Type.Literal('replace'), Type.Literal('add'), Type.Literal('remove')]),
      path: Type.String({ minLength: 2, maxLength: 255 }),
      value: Type.Optional(
        Type.Union([
          Type.String({ maxLength: 4096 }),
          Type.Null(),
          Type.Array(Type.Array(Address, { minItems: 2, maxItems: 2 }), { minItems: 1, maxItems: 256 }),
        ]),
      ),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 100 },
);

/** `network` (reference §2.7). */
export const NetworkObject = Type.Object({
  id: Type.Integer(),
  uuid: Type.String(),
  type: Type.String(),
  name: Type.String(),
  dynamic: Type.Boolean(),
  pool_uuid: Type.String(),
  primary_pool_family: Type.String(),
});

export const NetworkCollection = Type.Object({ networks: Type.Array(NetworkObject) });

export const NetworkCreateBody = Type.Object(
  {
    type: Type.String({ maxLength: 32 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    dynamic: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 5 })])),
    pool_uuid: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** An address handed out from a pool. */
export const PoolAddressObject = Type.Object({
  uuid: Type.String(),
  address: Type.String(),
  prefix: Type.Integer(),
  pool_uuid: Type.String(),
  name: NullableText,
  host_uuid: NullableText,
  created_at: Type.String(),
});

export const PoolAddressCollection = Type.Object({ addresses: Type.Array(PoolAddressObject) });

export const AddressAllocateBody = Type.Object(
  {
    address: Type.Optional(Address),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    host_uuid: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/** `label` of a host. */
export const LabelObject = Type.Object({
  uuid: Type.String(),
  host_uuid: Type.String(),
  label_key: Type.String(),
  label_value: Type.String(),
});

export const LabelCollection = Type.Object({ labels: Type.Array(LabelObject) });

/** `POST /labels/{host}`: the labels to set, as sysinv takes them: `{"key": "value", …}`. */
export const LabelAssignBody = Type.Record(
  Type.String({ minLength: 1, maxLength: 253 }),
  Type.String({ maxLength: 63 }),
);
export const LabelAssignQuery = Type.Object({ overwrite: Type.Optional(Type.String({ pattern: '^([Tt]rue|[Ff]alse)$' })) }, { additionalProperties: false });

export type AddressPoolObject = Static<typeof AddressPoolObject>;
export type AddressPoolCreateBody = Static<typeof AddressPoolCreateBody>;
export type AddressPoolPatchBody = Static<typeof AddressPoolPatchBody>;
export type NetworkObject = Static<typeof NetworkObject>;
export type NetworkCreateBody = Static<typeof NetworkCreateBody>;
export type PoolAddressObject = Static<typeof PoolAddressObject>;
export type AddressAllocateBody = Static<typeof AddressAllocateBody>;
export type LabelObject = Static<typeof LabelObject>;
