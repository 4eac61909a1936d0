import type {
  AdminState, Availability, ClockSynchronization, DistributedCloudRole, InventoryKind, InventoryState, OperState,
  Personality, SystemMode, SystemType,
} from '@murmuration/core/inventory';
import type { Generated } from 'kysely';

/** The inventory service's tables: the system, its hosts, their hardware and labels. */
export interface InventoryTables {
  systems: SystemTable;
  hosts: HostTable;
  host_inventory_items: HostInventoryItemTable;
  host_labels: HostLabelTable;
}

export interface SystemTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  system_type: SystemType;
  system_mode: SystemMode;
  description: string | null;
  contact: string | null;
  location: string | null;
  latitude: string | null;
  longitude: string | null;
  software_version: string;
  timezone: string;
  region_name: string;
  distributed_cloud_role: DistributedCloudRole | null;
  service_project_name: string;
  security_feature: string;
  /** JSON object. */
  capabilities: string;
  created_at: number;
  updated_at: number | null;
}

export interface HostTable {
  id: Generated<number>;
  uuid: string;
  hostname: string;
  personality: Personality;
  subfunctions: string;
  administrative: AdminState;
  operational: OperState;
  availability: Availability;
  task: string;
  action: string;
  mgmt_mac: string | null;
  mgmt_ip: string | null;
  serial_id: string | null;
  /** JSON object, e.g. {"locn": "rack 4"}. */
  location: string;
  inv_state: InventoryState;
  clock_synchronization: ClockSynchronization;
  boot_device: string;
  rootfs_device: string;
  console: string;
  install_output: string;
  uptime: number;
  config_target: number;
  config_applied: number;
  active_controller: number;
  created_at: number;
  updated_at: number | null;
}

export interface HostInventoryItemTable {
  uuid: string;
  host_uuid: string;
  kind: InventoryKind;
  item_key: string;
  position: number;
  /** JSON object, the item's data for its kind. */
  data: string;
  created_at: number;
  updated_at: number | null;
}

export interface HostLabelTable {
  uuid: string;
  host_uuid: string;
  label_key: string;
  label_value: string;
  created_at: number;
}
