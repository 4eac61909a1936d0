import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { faultOf } from './support/api-helpers.js';
import { fmClient } from './support/fm-helpers.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/** sysinv's minimum (list) field set, in sysinv's order. */
const LIST_FIELDS = [
  'id', 'uuid', 'hostname', 'personality', 'subfunctions', 'subfunction_oper', 'subfunction_avail', 'administrative', 'operational',
  'availability', 'invprovision', 'task', 'mtce_info', 'action', 'uptime', 'reserved', 'ihost_action', 'vim_progress_status', 'mgmt_mac',
  'mgmt_ip', 'location', 'bm_ip', 'bm_type', 'bm_username', 'isystem_uuid', 'capabilities', 'serialid', 'config_status', 'config_applied',
  'config_target', 'created_at', 'updated_at', 'boot_device', 'rootfs_device', 'hw_settle', 'install_output', 'console', 'tboot',
  'vsc_controllers', 'ttys_dcd', 'peers', 'peer_id', 'install_state', 'install_state_info', 'iscsi_initiator_name', 'device_image_update',
  'reboot_needed', 'inv_state', 'clock_synchronization', 'max_cpu_mhz_configured', 'min_cpu_mhz_allowed', 'max_cpu_mhz_allowed',
  'cstates_available', 'apparmor', 'nvme_host_id', 'nvme_host_nqn', 'sw_version', 'links',
];

describe.each(testDialects())('sysinv ihosts on %s', (dialect) => {
  describe('a simplex system', () => {
    let admin: string;
    const t = useTestController(dialect);
    beforeAll(async () => {
      admin = await t.adminToken();
    });

    it('adds controller-0, locked, disabled and offline, on an all-in-one controller,worker', async () => {
      const res = await t.request({ method: 'POST', url: '/sysinv/v1/ihosts', token: admin, body: { hostname: 'controller-0', personality: 'controller' } });
      expect(res.status, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        hostname: 'controller-0',
        personality: 'controller',
        subfunctions: 'controller,worker',
        administrative: 'locked',
        operational: 'disabled',
        availability: 'offline',
        invprovision: 'unprovisioned',
        capabilities: { Personality: 'Controller-Standby' },
        config_status: null,
        sw_version: '0.1.0-test',
      });
    });

    it('refuses a second host on a simplex system, changing nothing', async () => {
      const res = await t.request({ method: 'POST', url: '/sysinv/v1/ihosts', token: admin, body: { hostname: 'compute-0', personality: 'worker' } });
      expect(res.status).toBe(400);
      expect(faultOf(res).faultstring).toBe('Host-add Rejected: Adding a host on a simplex system is not allowed.');
      const list = await t.request({ method: 'GET', url: '/sysinv/v1/ihosts', token: admin });
      expect(list.json().ihosts.map((h: { hostname: string }) => h.hostname)).toEqual(['controller-0']);
    });
  });

  describe('a duplex system', () => {
    let admin: string;
    const add = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/sysinv/v1/ihosts', token: admin, body });
    const patch = (host: string, body: unknown) => t.request({ method: 'PATCH', url: `/sysinv/v1/ihosts/${host}`, token: admin, body });
    const show = (host: string) => t.request({ method: 'GET', url: `/sysinv/v1/ihosts/${host}`, token: admin });
    const action = (host: string, value: string) => patch(host, [{ op: 'replace', path: '/action', value }]);
    const hostnames = async (): Promise<string[]> => (await t.request({ method: 'GET', url: '/sysinv/v1/ihosts', token: admin })).json().ihosts.map((h: { hostname: string }) => h.hostname);
    const refused = (res: InjectResult, status: number, text: string) => {
      expect(res.status, res.body).toBe(status);
      expect(faultOf(res).faultstring).toContain(text);
    };

    const t = useTestController(dialect, { config: { systemMode: 'duplex' } });
    const fm = fmClient(t, () => admin);
    beforeAll(async () => {
      admin = await t.adminToken();
      for (const [hostname, personality, mac] of [
        ['controller-0', 'controller', '08:00:27:00:00:01'],
        ['controller-1', 'controller', '08:00:27:00:00:02'],
        ['compute-0', 'worker', '08:00:27:00:00:10'],
      ] as const) {
        const res = await add({ hostname, personality, mgmt_mac: mac, location: 'rack 1' });
        expect(res.status, res.body).toBe(200);
      }
    });

    it('lists hosts with the minimum field set, by id; filters by personality', async () => {
      const res = await t.request({ method: 'GET', url: '/sysinv/v1/ihosts', token: admin });
      expect(res.status).toBe(200);
      const hosts = res.json().ihosts as Array<Record<string, unknown>>;
      expect(hosts.map((h) => h['hostname'])).toEqual(['controller-0', 'controller-1', 'compute-0']);
      expect(Object.keys(hosts[0]!)).toEqual(LIST_FIELDS);
      expect(hosts[2]).toMatchObject({ personality: 'worker', subfunctions: 'worker', mgmt_mac: '08:00:27:00:00:10', location: { locn: 'rack 1' }, capabilities: {} });
      const workers = await t.request({ method: 'GET', url: '/sysinv/v1/ihosts?personality=worker', token: admin });
      expect(workers.json().ihosts.map((h: { hostname: string }) => h.hostname)).toEqual(['compute-0']);
      const paged = await t.request({ method: 'GET', url: '/sysinv/v1/ihosts?limit=2', token: admin });
      expect(paged.json().ihosts).toHaveLength(2);
      expect(paged.json().next).toMatch(/\/sysinv\/v1\/ihosts\?limit=2&.*marker=/);
    });

    it('shows a host by uuid, id or hostname, with links to its sub-collections', async () => {
      const byName = await show('compute-0');
      expect(byName.status).toBe(200);
      const h = byName.json();
      expect(h.icpus[0].href).toMatch(new RegExp(`/sysinv/v1/ihosts/${h.uuid}/icpus$`));
      expect((await show(h.uuid)).json().hostname).toBe('compute-0');
      expect((await show(String(h.id))).json().hostname).toBe('compute-0');
      refused(await show('compute-99'), 404, 'host not found: compute-99');
    });

    it('raises 200.001 for every locked host', async () => {
      const locked = await fm.alarms('q.field=alarm_id&q.op=eq&q.value=200.001');
      expect(locked.map((a) => a['entity_instance_id']).sort()).toEqual(['host=compute-0', 'host=controller-0', 'host=controller-1']);
      expect(locked[0]).toMatchObject({ severity: 'warning' });
    });

    it('refuses duplicates and bad input with the field named, adding nothing', async () => {
      refused(await add({ hostname: 'compute-0', personality: 'worker' }), 409, 'a host named compute-0 already exists');
      refused(await add({ hostname: 'compute-1', personality: 'worker', mgmt_mac: '08:00:27:00:00:10' }), 409, 'mgmt_mac 08:00:27:00:00:10 already belongs');
      refused(await add({ hostname: 'compute-1', personality: 'router' }), 400, 'personality must be one of controller, worker, storage');
      refused(await add({ hostname: 'controller-2', personality: 'controller' }), 400, 'a controller must be named controller-0 or controller-1');
      refused(await add({ hostname: 'compute-1', personality: 'worker', mgmt_mac: 'not-a-mac' }), 400, 'is not a MAC address');
      expect((await add({ hostname: 'compute-1', personality: 'worker', bm_type: 'ipmi' })).status).toBe(400);
      expect(await hostnames()).toEqual(['controller-0', 'controller-1', 'compute-0']);
    });

    it('changes fields with a JSON patch and refuses read-only ones', async () => {
      const res = await patch('compute-0', [
        { op: 'replace', path: '/location', value: 'rack 7, slot 3' },
        { op: 'replace', path: '/serialid', value: 'SN-0042' },
        { op: 'replace', path: '/clock_synchronization', value: 'ptp' },
      ]);
      expect(res.status, res.body).toBe(200);
      expect(res.json()).toMatchObject({ location: { locn: 'rack 7, slot 3' }, serialid: 'SN-0042', clock_synchronization: 'ptp' });
      refused(await patch('compute-0', [{ op: 'replace', path: '/personality', value: 'storage' }]), 400, 'personality cannot be modified');
      refused(await patch('compute-0', [{ op: 'replace', path: '/administrative', value: 'unlocked' }]), 400, 'through the lock and unlock actions');
      refused(await patch('compute-0', [{ op: 'replace', path: '/clock_synchronization', value: 'gps' }]), 400, 'clock_synchronization must be one of ntp, ptp');
      expect((await show('compute-0')).json()).toMatchObject({ administrative: 'locked', personality: 'worker' });
    });

    it('renames a locked worker; its alarms follow the new name', async () => {
      const res = await patch('compute-0', [{ op: 'replace', path: '/hostname', value: 'edge-0' }]);
      expect(res.status, res.body).toBe(200);
      const entities = (await fm.alarms('q.field=alarm_id&q.op=eq&q.value=200.001')).map((a) => a['entity_instance_id']);
      expect(entities).toContain('host=edge-0');
      expect(entities).not.toContain('host=compute-0');
      refused(await patch('edge-0', [{ op: 'replace', path: '/hostname', value: 'controller-1' }]), 409, 'a host named controller-1 already exists');
      refused(await patch('controller-1', [{ op: 'replace', path: '/hostname', value: 'controller-0' }]), 400, 'a controller cannot be renamed');
    });

    it('refuses to unlock a host whose inventory has not been reported, changing nothing', async () => {
      refused(await action('edge-0', 'unlock'), 400, 'its inventory is not complete');
      refused(await action('edge-0', 'lock'), 400, 'edge-0 is already locked');
      refused(await action('edge-0', 'dance'), 400, 'action must be one of lock, force-lock, unlock');
      expect((await show('edge-0')).json()).toMatchObject({ administrative: 'locked', operational: 'disabled', availability: 'offline' });
    });

    it('reboots a locked host and logs the command', async () => {
      const res = await action('controller-1', 'reboot');
      expect(res.status, res.body).toBe(200);
      expect(res.json()).toMatchObject({ task: 'Rebooting', action: 'reboot', ihost_action: 'reboot' });
      const logs = await fm.events('logs=True');
      expect(logs.map((e) => e['entity_instance_id'])).toContain('host=controller-1.command=reboot');
    });

    it('refuses swact from a controller that is not active', async () => {
      refused(await action('controller-0', 'swact'), 400, 'it is not the active controller');
    });

    it('deletes locked hosts (DELETE, or the delete action); their alarms clear', async () => {
      expect((await t.request({ method: 'DELETE', url: '/sysinv/v1/ihosts/edge-0', token: admin })).status).toBe(204);
      expect((await action('controller-1', 'delete')).status).toBe(204);
      expect(await hostnames()).toEqual(['controller-0']);
      const entities = (await fm.alarms()).map((a) => a['entity_instance_id']);
      expect(entities).toEqual(['host=controller-0']);
      const clears = await fm.events('alarms=True');
      expect(clears.filter((e) => e['state'] === 'clear').map((e) => e['entity_instance_id']).sort()).toEqual(['host=compute-0', 'host=controller-1', 'host=edge-0']);
      refused(await t.request({ method: 'DELETE', url: '/sysinv/v1/ihosts/edge-0', token: admin }), 404, 'host not found');
    });

    it('refuses changes without a token', async () => {
      const res = await t.request({ method: 'POST', url: '/sysinv/v1/ihosts', body: { hostname: 'compute-9', personality: 'worker' } });
      expect(res.status).toBe(401);
    });
  });
});
