import Type, { type Static } from 'typebox';
import { Link } from './common.js';

const Text = Type.String();
const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Capabilities = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
);

/** Fields every inventory object of a host carries (sysinv's base object). */
const Owned = {
  uuid: Text,
  forihostid: Type.Integer(),
  ihost_uuid: Text,
  capabilities: Capabilities,
  links: Type.Array(Link),
  created_at: Text,
  updated_at: NullableText,
};

/** `inode`: a NUMA node of a host. */
export const NodeObject = Type.Object({ ...Owned, numa_node: Type.Integer() });

/** `icpu` (reference §2.3). */
export const CpuObject = Type.Object({
  ...Owned,
  cpu: Type.Integer(),
  core: Type.Integer(),
  thread: Type.Integer(),
  numa_node: Type.Integer(),
  cpu_family: Text,
  cpu_model: Text,
  allocated_function: Text,
  function: NullableText,
  cpulist: NullableText,
  num_cores_on_processor0: NullableInt,
  num_cores_on_processor1: NullableInt,
  num_cores_on_processor2: NullableInt,
  num_cores_on_processor3: NullableInt,
  forinodeid: NullableInt,
  inode_uuid: NullableText,
});

/** `imemory` (reference §2.4). */
export const MemoryObject = Type.Object({
  ...Owned,
  numa_node: Type.Integer(),
  memtotal_mib: Type.Integer(),
  memavail_mib: Type.Integer(),
  platform_reserved_mib: Type.Integer(),
  minimum_platform_reserved_mib: Type.Integer(),
  hugepages_configured: Type.Boolean(),
  vswitch_hugepages_size_mib: NullableInt,
  vswitch_hugepages_reqd: NullableInt,
  vswitch_hugepages_nr: Type.Integer(),
  vswitch_hugepages_avail: Type.Integer(),
  vm_pending_as_percentage: Text,
  vm_hugepages_nr_2M: Type.Integer(),
  vm_hugepages_nr_2M_pending: NullableInt,
  vm_hugepages_2M_percentage: NullableInt,
  vm_hugepages_avail_2M: Type.Integer(),
  vm_hugepages_nr_1G: Type.Integer(),
  vm_hugepages_nr_1G_pending: NullableInt,
  vm_hugepages_1G_percentage: NullableInt,
  vm_hugepages_avail_1G: Type.Integer(),
  vm_hugepages_nr_4K: Type.Integer(),
  vm_hugepages_use_1G: Text,
  vm_hugepages_possible_2M: Type.Integer(),
  vm_hugepages_possible_1G: Type.Integer(),
  forinodeid: NullableInt,
  inode_uuid: NullableText,
});

/** `idisk` (reference §2.5). */
export const DiskObject = Type.Object({
  ...Owned,
  device_node: Text,
  device_type: Text,
  device_num: Type.Integer(),
  device_id: NullableText,
  device_path: NullableText,
  device_wwn: NullableText,
  size_mib: Type.Integer(),
  available_mib: Type.Integer(),
  serial_id: NullableText,
  rpm: Text,
  foristorid: NullableInt,
  foripvid: NullableInt,
  istor_uuid: NullableText,
  ipv_uuid: NullableText,
});

const PortFields = {
  ...Owned,
  type: Text,
  name: Text,
  namedisplay: NullableText,
  pciaddr: NullableText,
  dev_id: Type.Integer(),
  pclass: NullableText,
  pvendor: NullableText,
  pdevice: NullableText,
  psvendor: NullableText,
  psdevice: NullableText,
  numa_node: Type.Integer(),
  sriov_totalvfs: Type.Integer(),
  sriov_numvfs: Type.Integer(),
  sriov_vfs_pci_address: Text,
  sriov_vf_driver: NullableText,
  sriov_vf_pdevice_id: NullableText,
  driver: NullableText,
  dpdksupport: Type.Boolean(),
  /**
   * Channels (queues) the port runs with and the most it supports, as `ethtool -l` reports them; null when not
   * discovered.
   */
  numchannels: NullableInt,
  maxchannels: NullableInt,
  /** The same for the port's SR-IOV virtual functions. */
  sriov_vf_numchannels: NullableInt,
  sriov_vf_maxchannels: NullableInt,
  host_uuid: Text,
  interface_uuid: NullableText,
  node_uuid: NullableText,
};

/** `port` (reference §2.6). */
export const PortObject = Type.Object(PortFields);

/** `ethernet_port`: a port with its link facts. */
export const EthernetPortObject = Type.Object({
  ...PortFields,
  mac: Text,
  mtu: Type.Integer(),
  speed: NullableInt,
  link_mode: NullableText,
  duplex: NullableText,
  autoneg: NullableText,
  bootp: NullableText,
  bootif: NullableText,
});

/** `iinterface` (reference §2.6). */
export const InterfaceObject = Type.Object({
  ...Owned,
  ifname: Text,
  iftype: Text,
  ifclass: NullableText,
  imac: Text,
  imtu: Type.Integer(),
  aemode: NullableText,
  txhashpolicy: NullableText,
  primary_reselect: NullableText,
  vlan_id: NullableInt,
  uses: Type.Array(Text),
  used_by: Type.Array(Text),
  ipv4_mode: NullableText,
  ipv4_pool: NullableText,
  ipv6_mode: NullableText,
  ipv6_pool: NullableText,
  sriov_numvfs: Type.Integer(),
  sriov_vf_driver: NullableText,
  ptp_role: Text,
  max_tx_rate: NullableInt,
  max_rx_rate: NullableInt,
  /** Channels (queues) configured on the interface and on its SR-IOV VFs; null keeps the driver's default. */
  channels: NullableInt,
  sriov_vf_channels: NullableInt,
  ifcapabilities: Capabilities,
});

export const NodeCollection = Type.Object({ inodes: Type.Array(NodeObject) });
export const CpuCollection = Type.Object({ icpus: Type.Array(CpuObject) });
export const MemoryCollection = Type.Object({ imemorys: Type.Array(MemoryObject) });
export const DiskCollection = Type.Object({ idisks: Type.Array(DiskObject) });
export const PortCollection = Type.Object({ ports: Type.Array(PortObject) });
export const EthernetPortCollection = Type.Object({ ethernet_ports: Type.Array(EthernetPortObject) });
export const InterfaceCollection = Type.Object({ iinterfaces: Type.Array(InterfaceObject) });

export type NodeObject = Static<typeof NodeObject>;
export type CpuObject = Static<typeof CpuObject>;
export type MemoryObject = Static<typeof MemoryObject>;
export type DiskObject = Static<typeof DiskObject>;
export type PortObject = Static<typeof PortObject>;
export type EthernetPortObject = Static<typeof EthernetPortObject>;
export type InterfaceObject = Static<typeof InterfaceObject>;
