import Type, { type Static } from 'typebox';

/**
 * dcmanager's orchestration across subclouds as its client reads it: the strategy (`/sw-update-strategy`), its
 * steps (one per subcloud) and the per-subcloud options its subclouds' strategies are made with
 * (`/sw-update-options`, `strategy-config`). Keys all hyphenated; times as pecan writes rows on GET, as its RPC
 * replies do (`T`) on create, apply, abort and delete.
 */

const Text = Type.String();
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Int = Type.Integer();

/** A fleet strategy's `extra-args` for type sw-deploy, with this controller's rollout settings. */
export const SwDeployExtraArgs = Type.Object({
  release_id: NullableText,
  snapshot: Type.Boolean(),
  rollback: Type.Boolean(),
  delete: Type.Boolean(),
  cleanup: Type.Boolean(),
  with_prestage: Type.Boolean(),
  kube_upgrade: NullableText,
  sysadmin_password: NullableText,
  /** The first this many subclouds go alone, then `soak` seconds of clean health before the rest. */
  canary: Int,
  soak: Int,
  /** Failed subclouds the strategy carries on past, as given (`3`, `10%`); null for none. */
  'max-failures': NullableText,
  /** With `with_prestage` only, as dcmanager adds them. */
  for_sw_deploy: Type.Optional(Type.Boolean()),
  force: Type.Optional(Type.Boolean()),
  'prestage-software-version': Type.Optional(Text),
});
export type SwDeployExtraArgs = Static<typeof SwDeployExtraArgs>;

/** A prestage strategy's `extra-args`; the sysadmin password is never kept (null). */
export const PrestageExtraArgs = Type.Object({
  sysadmin_password: NullableText,
  force: Type.Boolean(),
  'prestage-software-version': Text,
  for_sw_deploy: Type.Boolean(),
  'max-failures': NullableText,
});
export type PrestageExtraArgs = Static<typeof PrestageExtraArgs>;

export const FleetStrategyObject = Type.Object({
  id: Int,
  type: Text,
  'subcloud-apply-type': NullableText,
  'max-parallel-subclouds': Int,
  'stop-on-failure': Type.Boolean(),
  state: Text,
  'extra-args': Type.Union([SwDeployExtraArgs, PrestageExtraArgs, Type.Null()]),
  'created-at': Text,
  'updated-at': NullableText,
  /** This controller's own: how many steps are in each state (`deferred`: offline at their turn, retried later). */
  'step-counts': Type.Record(Type.String(), Int),
});
export type FleetStrategyObject = Static<typeof FleetStrategyObject>;

/** The create body: checked by the service with dcmanager's messages, so any JSON object is taken here. */
export const FleetStrategyCreateBody = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'type, cloud_name | subcloud_group, subcloud-apply-type, max-parallel-subclouds, stop-on-failure, '
    + 'release_id, snapshot, rollback, delete, cleanup, with_prestage, kube_upgrade, sysadmin_password; '
    + 'canary, soak, max-failures; for type prestage: release, sysadmin_password, for_sw_deploy | for_install, force',
});

export const FleetStrategyActionBody = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: '{"action": "apply" | "abort"}',
});

export const FleetStrategyTypeQuery = Type.Object({ type: Type.Optional(Type.String({ maxLength: 64 })) });

/** One subcloud's step; `stage` by name (Create, Apply, Complete). */
export const StrategyStepObject = Type.Object({
  id: Int,
  cloud: Text,
  stage: Text,
  state: Text,
  details: Text,
  'started-at': NullableText,
  'finished-at': NullableText,
  'created-at': Text,
  'updated-at': NullableText,
});
export type StrategyStepObject = Static<typeof StrategyStepObject>;

export const StrategyStepList = Type.Object({
  'strategy-steps': Type.Array(StrategyStepObject),
  /** With `limit`: the marker of the next page, null after the last. */
  next_marker: Type.Optional(Type.Union([Int, Type.Null()])),
});

export const StrategyStepListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  /** The `id` of the last step of the page before. */
  marker: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const CloudNameParam = Type.Object({ cloud: Type.String({ minLength: 1, maxLength: 255 }) });

/** The options a subcloud's own strategy is made with; the defaults have no `id` until stored. */
export const SwUpdateOptionsObject = Type.Object({
  id: Type.Optional(Int),
  name: Text,
  'subcloud-id': Type.Optional(Type.Union([Int, Type.Null()])),
  'storage-apply-type': Text,
  'worker-apply-type': Text,
  'max-parallel-workers': Int,
  'alarm-restriction-type': Text,
  'default-instance-action': Text,
  'created-at': NullableText,
  'updated-at': NullableText,
});
export type SwUpdateOptionsObject = Static<typeof SwUpdateOptionsObject>;

export const SwUpdateOptionsList = Type.Object({ 'sw-update-options': Type.Array(SwUpdateOptionsObject) });

export const SwUpdateOptionsBody = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'storage-apply-type, worker-apply-type, max-parallel-workers, alarm-restriction-type, default-instance-action',
});

export const OptionsRefParam = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 255 }) });
