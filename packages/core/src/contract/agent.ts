import Type, { type Static } from 'typebox';
import { HOOK_OUTPUT_MAX } from '../software/host-software.js';

const Text = (maxLength = 256) => Type.String({ maxLength });
const NullableText = (maxLength = 256) => Type.Union([Type.String({ maxLength }), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const NullableCount = Type.Union([Count, Type.Null()]);

/** One logical CPU as the kernel numbers it, with its place in the machine. */
export const CpuInventory = Type.Object(
  {
    cpu: Count,
    socket: Count,
    core: Count,
    /** 0 for a core's first hyperthread, 1 for its sibling. */
    thread: Count,
    numaNode: Count,
    model: Text(),
    family: Text(),
  },
  { additionalProperties: false },
);

/** Huge pages of one size on one NUMA node. */
export const HugepageInventory = Type.Object(
  { sizeKiB: Count, total: Count, free: Count },
  { additionalProperties: false },
);

/** A NUMA node's memory (`/sys/devices/system/node/nodeN`). */
export const NumaNodeInventory = Type.Object(
  {
    node: Count,
    memTotalMiB: Count,
    memFreeMiB: Count,
    hugepages: Type.Array(HugepageInventory, { maxItems: 8 }),
  },
  { additionalProperties: false },
);

export const DISK_TYPES = ['HDD', 'SSD', 'NVME'] as const;

/** A whole block device (partitions, loop, ram and device-mapper devices are left out). */
export const DiskInventory = Type.Object(
  {
    /** Kernel name: `sda`, `nvme0n1`. */
    name: Text(64),
    /** `/dev/<name>`. */
    deviceNode: Text(),
    /** A stable path to the device (`/dev/disk/by-path/…`), or null when udev gives none. */
    devicePath: NullableText(),
    /** major*256+minor, as sysinv's device_num. */
    deviceNum: Count,
    sizeMiB: Count,
    rotational: Type.Boolean(),
    type: Type.Union([Type.Literal('HDD'), Type.Literal('SSD'), Type.Literal('NVME')]),
    model: NullableText(),
    serial: NullableText(),
    wwn: NullableText(),
  },
  { additionalProperties: false },
);

/** A network interface backed by a device (`/sys/class/net/*` with a `device` link). */
export const NicInventory = Type.Object(
  {
    name: Text(64),
    mac: Text(64),
    mtu: Count,
    /** Link speed in Mb/s, null when the link is down or the driver does not say. */
    speedMbps: NullableCount,
    driver: NullableText(),
    pciAddress: NullableText(64),
    /** PCI vendor and device ids as the kernel prints them (`0x8086`). */
    vendorId: NullableText(16),
    deviceId: NullableText(16),
    numaNode: Type.Union([Type.Integer({ minimum: -1 }), Type.Null()]),
    sriovTotalVfs: Count,
    sriovNumVfs: Count,
    /** Index N of the PTP hardware clock `/dev/ptpN`, null when the NIC has none. */
    ptpClockIndex: NullableCount,
    operState: Text(32),
  },
  { additionalProperties: false },
);

/** Everything a host's agent discovers about the machine it runs on. */
export const HostInventoryReport = Type.Object(
  {
    hostname: Text(255),
    kernel: Text(),
    osRelease: Text(),
    bootId: Text(64),
    uptimeSeconds: Count,
    memTotalMiB: Count,
    memAvailableMiB: Count,
    cpus: Type.Array(CpuInventory, { maxItems: 4096 }),
    numaNodes: Type.Array(NumaNodeInventory, { maxItems: 64 }),
    disks: Type.Array(DiskInventory, { maxItems: 1024 }),
    nics: Type.Array(NicInventory, { maxItems: 1024 }),
  },
  { additionalProperties: false },
);

export type CpuInventory = Static<typeof CpuInventory>;
export type HugepageInventory = Static<typeof HugepageInventory>;
export type NumaNodeInventory = Static<typeof NumaNodeInventory>;
export type DiskType = (typeof DISK_TYPES)[number];
export type DiskInventory = Static<typeof DiskInventory>;
export type NicInventory = Static<typeof NicInventory>;
export type HostInventoryReport = Static<typeof HostInventoryReport>;

export const BOOTSTRAP_TOKEN_STATES = ['unused', 'used', 'expired'] as const;

/** `POST /sysinv/v1/host_bootstrap_tokens`: a one-time token for one host agent to join. */
export const BootstrapTokenCreateBody = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 255 })),
    /** Seconds the token stays valid: 1 minute to 30 days, 24 hours by default. */
    expires_in: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600 })),
  },
  { additionalProperties: false },
);

export const BootstrapTokenObject = Type.Object({
  uuid: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  expires_at: Type.String(),
  used_at: Type.Union([Type.String(), Type.Null()]),
  /** The hostname of the host that joined with the token (null when unused, or when that host was deleted since). */
  used_by_host: Type.Union([Type.String(), Type.Null()]),
  used_by_host_uuid: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('unused'), Type.Literal('used'), Type.Literal('expired')]),
});

/** The answer to a creation: the only time the token itself is shown. */
export const BootstrapTokenCreated = Type.Intersect([BootstrapTokenObject, Type.Object({ token: Type.String() })]);

export const BootstrapTokenCollection = Type.Object({ host_bootstrap_tokens: Type.Array(BootstrapTokenObject) });

/** `POST /agent/v1/register`: an agent joins with a bootstrap token and names the host it runs on. */
export const AgentRegisterBody = Type.Object(
  {
    bootstrap_token: Type.String({ minLength: 1, maxLength: 256 }),
    hostname: Type.String({ minLength: 1, maxLength: 255 }),
    /** Needed when the operator has not added the host already. */
    personality: Type.Optional(Type.String({ maxLength: 32 })),
    mgmt_mac: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/** The agent's identity from now on: it authenticates as this host with the credential. */
export const AgentRegistration = Type.Object({
  host_uuid: Type.String(),
  hostname: Type.String(),
  personality: Type.String(),
  credential: Type.String(),
  /** The key releases must be signed with; the agent keeps it and checks every release against it. */
  release_signing_key: Type.String(),
});

/** What the controller tells an agent about heartbeats when it connects. */
export const AgentHello = Type.Object({
  type: Type.Literal('hello'),
  host_uuid: Type.String(),
  hostname: Type.String(),
  heartbeat_period_ms: Type.Integer(),
  config_target: Type.Integer(),
});

/** A new desired-configuration generation is waiting for the agent. */
export const AgentConfigNotice = Type.Object({ type: Type.Literal('config'), config_target: Type.Integer() });

export const AgentConfigDocument = Type.Object({
  generation: Type.Integer({ minimum: 0 }),
  host: Type.Object({
    hostname: Type.String(),
    personality: Type.String(),
    subfunctions: Type.String(),
    clockSynchronization: Type.String(),
    location: Type.Record(Type.String(), Type.String()),
  }),
  labels: Type.Record(Type.String(), Type.String()),
  /**
   * The release the host should run; `rollback` while the host returns to it, when its hooks run again even if it runs
   * it already.
   */
  software: Type.Union([
    Type.Object({ release: Type.String(), sha256: Type.String(), rollback: Type.Boolean() }),
    Type.Null(),
  ]),
});

/** What an agent says of its software after working on its target. */
export const AgentSoftwareReport = Type.Object(
  {
    running: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
    previous: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
    state: Type.Union([Type.Literal('deployed'), Type.Literal('failed'), Type.Literal('rolled-back'), Type.Literal('idle')]),
    reason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    /** The end of what the hook that failed wrote to its standard error. */
    hook_output: Type.Optional(Type.Union([Type.String({ maxLength: HOOK_OUTPUT_MAX }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const AgentConfigApplied = Type.Object(
  { generation: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export type BootstrapTokenState = (typeof BOOTSTRAP_TOKEN_STATES)[number];
export type BootstrapTokenCreateBody = Static<typeof BootstrapTokenCreateBody>;
export type BootstrapTokenObject = Static<typeof BootstrapTokenObject>;
export type BootstrapTokenCreated = Static<typeof BootstrapTokenCreated>;
export type BootstrapTokenCollection = Static<typeof BootstrapTokenCollection>;
export type AgentRegisterBody = Static<typeof AgentRegisterBody>;
export type AgentRegistration = Static<typeof AgentRegistration>;
export type AgentHello = Static<typeof AgentHello>;
export type AgentConfigNotice = Static<typeof AgentConfigNotice>;
export type AgentConfigDocument = Static<typeof AgentConfigDocument>;
export type AgentConfigApplied = Static<typeof AgentConfigApplied>;
export type AgentSoftwareReport = Static<typeof AgentSoftwareReport>;
