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
  upload_info: Type.Optional(
    Type.Array(
      Type.Record(
        Type.String(),
        Type.Object({
          id: Type.Union([Type.String(), Type.Null()]),
          sw_release: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    ),
  ),
});

/** A release bundle sent as it is (`application/gzip`). */
export const BundleBody = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'the release bundle (.tar.gz)' });

/**
 * `software upload`: a multipart form with one file part per release file, each named by its
 * path on the operator's machine. The parts are read as they arrive, so the parsed body is empty.
 */
export const ReleaseUploadForm = Type.Unsafe<null>({
  type: 'object',
  nullable: true,
  additionalProperties: { type: 'string', format: 'binary' },
  description: 'one file part per signed release bundle; the field and file names are the paths the client read them from',
});

/** `software upload --local`: a JSON list of absolute paths of files already on the controller, sent as text/plain. */
export const LocalUploadBody = Type.String({ maxLength: 65_536, description: 'a JSON list of absolute paths on the controller, e.g. ["/var/tmp/edge-tools-1.0.0.patch"]' });

export const SigningKeyObject = Type.Object({ algorithm: Type.Literal('ed25519'), public_key: Type.String() });

export type ReleaseObject = Static<typeof ReleaseObject>;
export type UsmActionResult = Static<typeof UsmActionResult>;
export type SigningKeyObject = Static<typeof SigningKeyObject>;

const deployHostFields = {
  hostname: Type.String(),
  software_release: Type.Union([Type.String(), Type.Null()]),
  target_release: Type.Union([Type.String(), Type.Null()]),
  previous_release: Type.Union([Type.String(), Type.Null()]),
  reboot_required: Type.Boolean(),
  /** USM's flag for a deployment of a release's pre-upgrade metapackages; a bundle has none, so always false. */
  pre_upgrade_deploy: Type.Boolean(),
  host_state: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** The end of what the hook that failed the last deployment wrote to its standard error. */
  hook_output: Type.Union([Type.String(), Type.Null()]),
};

/** A host's deployment as USM's `deploy_host` lists it. */
export const DeployHostObject = Type.Object(deployHostFields);

/**
 * The answer to deploying on a host or rolling it back: the texts the `software` client prints, and the host's
 * deployment.
 */
export const DeployHostResult = Type.Object({
  info: Type.String(),
  warning: Type.String(),
  error: Type.String(),
  ...deployHostFields,
});

export const DeployHostList = Type.Array(DeployHostObject);
export const DeployHostParam = Type.Object({ hostname: Type.String({ minLength: 1, maxLength: 255 }) });

/**
 * The release to deploy on a host. No body at all (as the `software` client's `deploy host`
 * sends it) deploys the release already under way: the host's own unfinished target, else the
 * one release other hosts are deploying.
 */
export const DeployHostBody = Type.Object({ release: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' }) }, { additionalProperties: false, nullable: true });

export type DeployHostObject = Static<typeof DeployHostObject>;
export type DeployHostResult = Static<typeof DeployHostResult>;
