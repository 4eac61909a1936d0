import Type, { type Static } from 'typebox';
import { Link } from './common.js';

const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/**
 * `ihost` as sysinv serializes it (reference §2.2): the list gives these fields; show adds
 * links to the host's sub-collections.
 */
export const HostObject = Type.Object({
  id: Type.Integer(),
  uuid: Type.String(),
  hostname: Type.String(),
  personality: Type.String(),
  subfunctions: Type.String(),
  subfunction_oper: Type.String(),
  subfunction_avail: Type.String(),
  administrative: Type.String(),
  operational: Type.String(),
  availability: Type.String(),
  invprovision: Type.String(),
  task: Type.String(),
  mtce_info: NullableText,
  action: Type.String(),
  uptime: Type.Integer(),
  reserved: Type.String(),
  ihost_action: NullableText,
  vim_progress_status: Type.String(),
  mgmt_mac: NullableText,
  mgmt_ip: NullableText,
  location: Type.Record(Type.String(), Type.String()),
  bm_ip: NullableText,
  bm_type: NullableText,
  bm_username: NullableText,
  isystem_uuid: NullableText,
  capabilities: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  serialid: NullableText,
  config_status: NullableText,
  config_applied: NullableText,
  config_target: NullableText,
  created_at: Type.String(),
  updated_at: NullableText,
  boot_device: Type.String(),
  rootfs_device: Type.String(),
  hw_settle: Type.String(),
  install_output: Type.String(),
  console: Type.String(),
  tboot: Type.String(),
  vsc_controllers: NullableText,
  ttys_dcd: Type.Boolean(),
  peers: NullableText,
  peer_id: NullableInt,
  install_state: NullableText,
  install_state_info: NullableText,
  iscsi_initiator_name: NullableText,
  device_image_update: NullableText,
  reboot_needed: Type.Boolean(),
  inv_state: Type.String(),
  clock_synchronization: Type.String(),
  max_cpu_mhz_configured: NullableText,
  min_cpu_mhz_allowed: NullableText,
  max_cpu_mhz_allowed: NullableText,
  cstates_available: NullableText,
  apparmor: Type.String(),
  nvme_host_id: NullableText,
  nvme_host_nqn: NullableText,
  sw_version: Type.String(),
  links: Type.Array(Link),
  icpus: Type.Optional(Type.Array(Link)),
  imemorys: Type.Optional(Type.Array(Link)),
  idisks: Type.Optional(Type.Array(Link)),
  inodes: Type.Optional(Type.Array(Link)),
  ports: Type.Optional(Type.Array(Link)),
  ethernet_ports: Type.Optional(Type.Array(Link)),
  iinterfaces: Type.Optional(Type.Array(Link)),
  labels: Type.Optional(Type.Array(Link)),
});
export type HostObject = Static<typeof HostObject>;

export const HostCollection = Type.Object({ ihosts: Type.Array(HostObject), next: Type.Optional(Type.String()) });
export type HostCollection = Static<typeof HostCollection>;

/** `POST /v1/ihosts` (`system host-add`). */
export const HostAddBody = Type.Object(
  {
    hostname: Type.String({ minLength: 1, maxLength: 255 }),
    personality: Type.String({ maxLength: 32 }),
    mgmt_mac: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    serialid: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
    location: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 255 }),
        Type.Record(Type.String(), Type.String({ maxLength: 255 })),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type HostAddBody = Static<typeof HostAddBody>;

/** A host named by uuid, integer id or hostname (the CLI passes any of them). */
export const HostRefParam = Type.Object({ host: Type.String({ minLength: 1, maxLength: 255, description: 'uuid, id or hostname' }) });

export const HostListQuery = Type.Object(
  {
    personality: Type.Optional(Type.String({ maxLength: 32 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    marker: Type.Optional(Type.String({ maxLength: 64 })),
    sort_key: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    sort_dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);
