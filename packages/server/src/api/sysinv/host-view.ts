import { sysinvTime } from '@murmuration/core/common';
import type { HostObject } from '@murmuration/core/contract/inventory';
import type { HostRecord, SystemRecord } from '@murmuration/core/inventory';

const link = (rel: string, href: string) => ({ href, rel });
const links = (host: string, path: string) => [link('self', `${host}/sysinv/v1/${path}`), link('bookmark', `${host}/sysinv/${path}`)];

/** The sub-collections `host-show` links to. */
const SUB_COLLECTIONS = ['icpus', 'imemorys', 'idisks', 'inodes', 'ports', 'ethernet_ports', 'iinterfaces', 'labels'] as const;

const inService = (h: HostRecord) => h.administrative === 'unlocked' && h.operational === 'enabled';

/**
 * `ihost` on the wire: sysinv's field names and value sets. Fields for hardware this system
 * does not manage (board management, NVMe-oF, CPU frequency) are present and empty, as sysinv
 * shows them on hosts that lack it.
 */
export function hostView(
  h: HostRecord,
  opts: { active: boolean; system: SystemRecord | undefined; host: string; detail: boolean },
): HostObject {
  const capabilities: HostObject['capabilities'] = {};
  if (h.personality === 'controller') capabilities['Personality'] = opts.active ? 'Controller-Active' : 'Controller-Standby';
  const view: HostObject = {
    id: h.id,
    uuid: h.uuid,
    hostname: h.hostname,
    personality: h.personality,
    subfunctions: h.subfunctions,
    subfunction_oper: h.operational,
    subfunction_avail: h.availability,
    administrative: h.administrative,
    operational: h.operational,
    availability: h.availability,
    invprovision: h.invState === 'inventoried' ? 'provisioned' : 'unprovisioned',
    task: h.task,
    mtce_info: null,
    action: h.action,
    uptime: h.uptime,
    reserved: 'False',
    ihost_action: h.action === 'none' ? null : h.action,
    vim_progress_status: inService(h) ? 'services-enabled' : 'services-disabled',
    mgmt_mac: h.mgmtMac,
    mgmt_ip: h.mgmtIp,
    location: { ...h.location },
    bm_ip: null,
    bm_type: null,
    bm_username: null,
    isystem_uuid: opts.system?.uuid ?? null,
    capabilities,
    serialid: h.serialId,
    config_status: h.configTarget !== h.configApplied ? 'Config out-of-date' : null,
    config_applied: String(h.configApplied),
    config_target: String(h.configTarget),
    created_at: sysinvTime(h.createdAt),
    updated_at: h.updatedAt === null ? null : sysinvTime(h.updatedAt),
    boot_device: h.bootDevice,
    rootfs_device: h.rootfsDevice,
    hw_settle: '0',
    install_output: h.installOutput,
    console: h.console,
    tboot: 'false',
    vsc_controllers: null,
    ttys_dcd: false,
    peers: null,
    peer_id: null,
    install_state: null,
    install_state_info: null,
    iscsi_initiator_name: null,
    device_image_update: null,
    reboot_needed: false,
    inv_state: h.invState,
    clock_synchronization: h.clockSynchronization,
    max_cpu_mhz_configured: null,
    min_cpu_mhz_allowed: null,
    max_cpu_mhz_allowed: null,
    cstates_available: null,
    apparmor: 'disabled',
    nvme_host_id: null,
    nvme_host_nqn: null,
    sw_version: opts.system?.softwareVersion ?? '',
    links: links(opts.host, `ihosts/${h.uuid}`),
  };
  if (opts.detail) for (const sub of SUB_COLLECTIONS) view[sub] = links(opts.host, `ihosts/${h.uuid}/${sub}`);
  return view;
}
