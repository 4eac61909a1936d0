import Type, { type Static } from 'typebox';

const Int = Type.Integer();

export const StepObject = Type.Object({
  'step-id': Int,
  'step-name': Type.String(),
  timeout: Int,
  'entity-type': Type.String(),
  'entity-uuids': Type.Array(Type.String()),
  'entity-names': Type.Array(Type.String()),
  result: Type.String(),
  reason: Type.String(),
  'start-date-time': Type.String(),
  'end-date-time': Type.String(),
});

export const StageObject = Type.Object({
  'stage-id': Int,
  'stage-name': Type.String(),
  timeout: Int,
  'total-steps': Int,
  'current-step': Int,
  steps: Type.Array(StepObject),
  inprogress: Type.Boolean(),
  result: Type.String(),
  reason: Type.String(),
  'start-date-time': Type.String(),
  'end-date-time': Type.String(),
});

export const PhaseObject = Type.Object({
  'phase-name': Type.String(),
  timeout: Int,
  'total-stages': Int,
  'current-stage': Int,
  'stop-at-stage': Int,
  stages: Type.Array(StageObject),
  inprogress: Type.Boolean(),
  'completion-percentage': Int,
  result: Type.String(),
  reason: Type.String(),
  response: Type.String(),
  'start-date-time': Type.String(),
  'end-date-time': Type.String(),
});

/** A strategy as the VIM serializes it (reference §6.3, hyphenated keys). */
export const StrategyObject = Type.Object({
  uuid: Type.String(),
  name: Type.String(),
  release: Type.Array(Type.String()),
  'release-id': Type.String(),
  /** A release deployed for its pre-upgrade metapackages only; a bundle has none, so always false. */
  'pre-upgrade-deploy': Type.Boolean(),
  'controller-apply-type': Type.String(),
  'storage-apply-type': Type.String(),
  'swift-apply-type': Type.String(),
  'worker-apply-type': Type.String(),
  'max-parallel-worker-hosts': Int,
  'default-instance-action': Type.String(),
  'alarm-restrictions': Type.String(),
  canary: Int,
  soak: Int,
  'max-failures': Type.String(),
  'failed-hosts': Type.Array(Type.String()),
  state: Type.String(),
  'current-phase': Type.String(),
  'current-phase-completion-percentage': Int,
  'build-phase': PhaseObject,
  'apply-phase': PhaseObject,
  'abort-phase': PhaseObject,
});

export const StrategyReply = Type.Object({ strategy: Type.Union([StrategyObject, Type.Null()]) });

export const StrategyCreateBody = Type.Object(
  {
    release: Type.Optional(
      Type.Union([Type.String({ maxLength: 128 }), Type.Array(Type.String({ maxLength: 128 }), { maxItems: 16 })]),
    ),
    'controller-apply-type': Type.Optional(Type.String({ maxLength: 16 })),
    'storage-apply-type': Type.Optional(Type.String({ maxLength: 16 })),
    'swift-apply-type': Type.Optional(Type.String({ maxLength: 16 })),
    'worker-apply-type': Type.Optional(Type.String({ maxLength: 16 })),
    'max-parallel-worker-hosts': Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 8 })])),
    'default-instance-action': Type.Optional(Type.String({ maxLength: 16 })),
    'alarm-restrictions': Type.Optional(Type.String({ maxLength: 16 })),
    canary: Type.Optional(Type.Integer({ minimum: 0 })),
    soak: Type.Optional(Type.Integer({ minimum: 0 })),
    'max-failures': Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 8 })])),
    // What `sw-manager` sends besides, each nullable as the VIM takes it: rollback and delete always (null
    // unless given), the others only when set. What they ask for is checked when the strategy is built.
    rollback: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    delete: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    snapshot: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    cleanup: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    'kube-upgrade': Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
    'pre-upgrade-deploy': Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const StrategyActionBody = Type.Object(
  {
    action: Type.Union([Type.Literal('apply-all'), Type.Literal('apply-stage'), Type.Literal('abort'), Type.Literal('abort-stage')]),
    /** null (as `sw-manager … abort` sends it with abort-stage) means the whole strategy, as in the VIM. */
    'stage-id': Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\d{1,6}$' }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const StrategyDeleteBody = Type.Object(
  { force: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export type StrategyObject = Static<typeof StrategyObject>;
export type PhaseObject = Static<typeof PhaseObject>;
export type StageObject = Static<typeof StageObject>;
export type StepObject = Static<typeof StepObject>;
export type StrategyReply = Static<typeof StrategyReply>;
