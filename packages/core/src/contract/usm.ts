import Type, { type Static } from 'typebox';

/** A release as USM lists and shows it. */
export const ReleaseObject = Type.Object({
  release_id: Type.String(),
  state: Type.String(),
  sw_version: Type.String(),
  component: Type.Null(),
  status: Type.String(),
  unremovable: Type.Boolean(),
  summary: Type.String(),
  description: Type.String(),
  install_instructions: Type.String(),
  warnings: Type.String(),
  reboot_required: Type.Boolean(),
  prepatched_iso: Type.Boolean(),
  requires: Type.Array(Type.String()),
  packages: Type.Array(Type.String()),
});

export const ReleaseList = Type.Array(ReleaseObject);

export const ReleaseListQuery = Type.Object(
  {
    show: Type.Optional(Type.String({ maxLength: 32 })),
    release: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);

export const ReleaseIdParam = Type.Object({ release: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'release id' }) });

/** USM's answer to an action: texts to print, and for an upload what each file turned out to be. */
export const UsmActionResult = Type.Object({
  info: Type.String(),
  warning: Type.String(),
  error: Type.String(),
  upload_info: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Object({ id: Type.Union([Type.String(), Type.Null()]), sw_release: Type.Union([Type.String(), Type.Null()]) })))),
});

/** A release bundle sent as it is (`application/gzip`). */
export const BundleBody = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'the release bundle (.tar.gz)' });

export const SigningKeyObject = Type.Object({ algorithm: Type.Literal('ed25519'), public_key: Type.String() });

export type ReleaseObject = Static<typeof ReleaseObject>;
export type UsmActionResult = Static<typeof UsmActionResult>;
export type SigningKeyObject = Static<typeof SigningKeyObject>;

/** A host's deployment as USM's `deploy_host` lists it. */
export const DeployHostObject = Type.Object({
  hostname: Type.String(),
  software_release: Type.Union([Type.String(), Type.Null()]),
  target_release: Type.Union([Type.String(), Type.Null()]),
  previous_release: Type.Union([Type.String(), Type.Null()]),
  reboot_required: Type.Boolean(),
  host_state: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** The end of what the hook that failed the last deployment wrote to its standard error. */
  hook_output: Type.Union([Type.String(), Type.Null()]),
});

export const DeployHostList = Type.Array(DeployHostObject);
export const DeployHostParam = Type.Object({ hostname: Type.String({ minLength: 1, maxLength: 255 }) });
export const DeployHostBody = Type.Object({ release: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' }) }, { additionalProperties: false });

export type DeployHostObject = Static<typeof DeployHostObject>;
