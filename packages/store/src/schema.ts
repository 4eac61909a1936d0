import type { Generated } from 'kysely';

/**
 * Table shapes as stored. Times are epoch milliseconds (bigint in PostgreSQL), booleans are
 * 0/1 integers and structured values are JSON text, so that both dialects store the same thing.
 */
export interface SchemaMigrationTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface SystemTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  system_type: string;
  system_mode: string;
  description: string | null;
  contact: string | null;
  location: string | null;
  latitude: string | null;
  longitude: string | null;
  software_version: string;
  timezone: string;
  region_name: string;
  distributed_cloud_role: string | null;
  service_project_name: string;
  security_feature: string;
  capabilities: string;
  created_at: number;
  updated_at: number | null;
}

export interface ProjectTable {
  id: string;
  name: string;
  description: string;
  enabled: number;
  tags: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  name: string;
  enabled: number;
  default_project_id: string | null;
  description: string | null;
  email: string | null;
  password_hash: string | null;
  password_changed_at: number | null;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: string;
  password_hash: string;
  created_at: number;
}

export interface RoleTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export interface RoleAssignmentTable {
  user_id: string;
  project_id: string;
  role_id: string;
}

export interface TokenTable {
  hash: string;
  user_id: string;
  project_id: string | null;
  methods: string;
  audit_id: string;
  issued_at: number;
  expires_at: number;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  request_id: string;
  event: string;
  user_id: string | null;
  user_name: string | null;
  project_id: string | null;
  project_name: string | null;
  source: string;
  method: string;
  path: string;
  target: string | null;
  outcome: number;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AlarmTable {
  uuid: string;
  alarm_id: string;
  entity_type_id: string;
  entity_instance_id: string;
  severity: string;
  reason_text: string;
  alarm_type: string;
  probable_cause: string;
  repair_action: string;
  service_affecting: number;
  suppression: number;
  inhibits_below: number;
  raised_at: number;
}

export interface EventLogTable {
  seq: Generated<number>;
  uuid: string;
  event_log_id: string;
  state: string;
  entity_type_id: string;
  entity_instance_id: string;
  at: number;
  severity: string;
  reason_text: string;
  event_log_type: string;
  probable_cause: string;
  repair_action: string;
  service_affecting: number;
  suppression: number;
  alarm_uuid: string | null;
  previous_severity: string | null;
}

export interface EventSuppressionTable {
  id: Generated<number>;
  uuid: string;
  alarm_id: string;
  status: string;
  updated_at: number;
}

export interface SilenceTable {
  uuid: string;
  matchers: string;
  created_by: string;
  comment: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
}

export interface ReceiverTable {
  uuid: string;
  name: string;
  kind: string;
  url: string;
  created_at: number;
  delivered_seq: number;
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  failures: number;
  dropped: number;
}

export interface HostTable {
  id: Generated<number>;
  uuid: string;
  hostname: string;
  personality: string;
  subfunctions: string;
  administrative: string;
  operational: string;
  availability: string;
  task: string;
  action: string;
  mgmt_mac: string | null;
  mgmt_ip: string | null;
  serial_id: string | null;
  /** JSON object, e.g. {"locn": "rack 4"}. */
  location: string;
  inv_state: string;
  clock_synchronization: string;
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

export interface HostBootstrapTokenTable {
  uuid: string;
  secret_hash: string;
  description: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_host: string | null;
}

export interface HostCredentialTable {
  host_uuid: string;
  secret_hash: string;
  created_at: number;
}

export interface HostInventoryItemTable {
  uuid: string;
  host_uuid: string;
  kind: string;
  item_key: string;
  position: number;
  data: string;
  created_at: number;
  updated_at: number | null;
}

export interface AddressPoolTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  family: number;
  network: string;
  prefix: number;
  pool_order: string;
  ranges: string;
  floating_address: string | null;
  controller0_address: string | null;
  controller1_address: string | null;
  gateway_address: string | null;
  created_at: number;
  updated_at: number | null;
}

export interface PoolAddressTable {
  uuid: string;
  pool_uuid: string;
  address: string;
  name: string | null;
  host_uuid: string | null;
  created_at: number;
}

export interface NetworkTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: string;
  dynamic: number;
  pool_uuid: string;
  created_at: number;
}

export interface HostLabelTable {
  uuid: string;
  host_uuid: string;
  label_key: string;
  label_value: string;
  created_at: number;
}

export interface ReleaseTable {
  id: string;
  version: string;
  summary: string;
  description: string;
  reboot_required: number;
  requires: string;
  hooks: string;
  state: string;
  sha256: string;
  size: number;
  uploaded_by: string | null;
  uploaded_at: number;
}

export interface HostSoftwareTable {
  host_uuid: string;
  running_release: string | null;
  previous_release: string | null;
  target_release: string | null;
  from_release: string | null;
  state: string;
  reason: string | null;
  hook_output: string | null;
  updated_at: number;
}

export interface StrategyTable {
  name: string;
  uuid: string;
  document: string;
  updated_at: number;
}

export interface Database {
  schema_migrations: SchemaMigrationTable;
  systems: SystemTable;
  projects: ProjectTable;
  users: UserTable;
  password_history: PasswordHistoryTable;
  roles: RoleTable;
  role_assignments: RoleAssignmentTable;
  tokens: TokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  alarms: AlarmTable;
  event_log: EventLogTable;
  event_suppression: EventSuppressionTable;
  silences: SilenceTable;
  receivers: ReceiverTable;
  hosts: HostTable;
  host_bootstrap_tokens: HostBootstrapTokenTable;
  host_credentials: HostCredentialTable;
  host_inventory_items: HostInventoryItemTable;
  address_pools: AddressPoolTable;
  pool_addresses: PoolAddressTable;
  networks: NetworkTable;
  host_labels: HostLabelTable;
  releases: ReleaseTable;
  host_software: HostSoftwareTable;
  strategies: StrategyTable;
}
