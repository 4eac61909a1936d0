import { discoverHost, fixtureRoots } from '@murmuration/agent';
import { internalContext } from '@murmuration/core/common';
import type { HostInventoryReport } from '@murmuration/core/contract/agents';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, createUser, faultOf } from './support/api-helpers.js';
import { systemClient } from './support/stx-clients.js';
import { useTestController } from './support/use-test-controller.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-inventory-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(testDialects())('host inventory reported by agents on %s', (dialect) => {
  let admin: string;
  let server: HostInventoryReport;
  const joined: Record<string, { uuid: string; credential: string }> = {};
  const get = async (url: string) => {
    const res = await t.request({ method: 'GET', url, token: admin });
    expect(res.status, res.body).toBe(200);
    return res.json();
  };
  const report = (name: string, body: unknown) =>
    t.request({ method: 'PUT', url: `/agent/v1/hosts/${joined[name]!.uuid}/inventory`, token: null, headers: { 'x-host-credential': joined[name]!.credential }, body });

  const t = useTestController(dialect, { config: { systemMode: 'duplex' } });
  beforeAll(async () => {
    admin = await t.adminToken();
    server = await discoverHost(await fixtureRoots('dual-socket-server', scratch));
    for (const hostname of ['compute-0', 'compute-1']) {
      const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token;
      const res = await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: token, hostname, personality: 'worker' } });
      joined[hostname] = { uuid: res.json().host_uuid, credential: res.json().credential };
    }
  });

  it('refuses to unlock a host before its agent reported, and allows it after', async () => {
    const early = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] });
    expect(early.status).toBe(400);
    expect(faultOf(early).faultstring).toContain('inventory is not complete');
    const res = await report('compute-0', server);
    expect(res.status, res.body).toBe(204);
    expect(await get('/sysinv/v1/ihosts/compute-0')).toMatchObject({ inv_state: 'inventoried', uptime: 86_400 });
    const unlocked = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] });
    expect(unlocked.status, unlocked.body).toBe(200);
    expect(unlocked.json().administrative).toBe('unlocked');
  });

  it('lists the CPUs with sysinv fields, the first core kept for the platform', async () => {
    const { icpus } = await get('/sysinv/v1/ihosts/compute-0/icpus');
    const { inodes } = await get('/sysinv/v1/ihosts/compute-0/inodes');
    expect(inodes.map((n: { numa_node: number }) => n.numa_node)).toEqual([0, 1]);
    expect(icpus).toHaveLength(32);
    expect(icpus[16]).toMatchObject({
      cpu: 16, core: 0, thread: 1, numa_node: 0, cpu_model: 'Intel(R) Xeon(R) Gold 6338N CPU @ 2.20GHz', cpu_family: '6',
      allocated_function: 'Platform', ihost_uuid: joined['compute-0']!.uuid, inode_uuid: inodes[0].uuid,
    });
    expect(icpus.filter((c: { allocated_function: string }) => c.allocated_function === 'Platform').map((c: { cpu: number }) => c.cpu)).toEqual([0, 16]);
    expect(icpus[24]).toMatchObject({ cpu: 24, core: 0, thread: 1, numa_node: 1, allocated_function: 'Application', inode_uuid: inodes[1].uuid });
    const shown = await get(`/sysinv/v1/icpus/${icpus[5].uuid}`);
    expect(shown).toEqual(icpus[5]);
    expect(shown.links[0].href).toMatch(new RegExp(`/sysinv/v1/icpus/${icpus[5].uuid}$`));
  });

  it('lists memory per node with its huge pages, disks, ports and one ethernet interface per port', async () => {
    const { imemorys } = await get('/sysinv/v1/ihosts/compute-0/imemorys');
    expect(imemorys.map((m: Record<string, unknown>) => [m['numa_node'], m['memtotal_mib'], m['memavail_mib'], m['platform_reserved_mib'], m['vm_hugepages_nr_2M'], m['vm_hugepages_avail_2M'], m['vm_hugepages_nr_1G'], m['vm_hugepages_avail_1G']])).toEqual([
      [0, 65_536, 40_960, 4000, 1024, 512, 8, 8],
      [1, 65_536, 50_000, 2000, 512, 512, 4, 2],
    ]);
    const { idisks } = await get('/sysinv/v1/ihosts/compute-0/idisks');
    expect(idisks.map((d: Record<string, unknown>) => [d['device_node'], d['device_type'], d['size_mib'], d['rpm'], d['device_path'], d['device_wwn'], d['serial_id']])).toEqual([
      ['/dev/nvme0n1', 'NVME', 953_869, 'N/A', '/dev/disk/by-path/pci-0000:5e:00.0-nvme-1', 'eui.36344630529001230025384500000001', 'S64FNE0R123456'],
      ['/dev/sda', 'HDD', 3_815_447, 'Undetermined', '/dev/disk/by-path/pci-0000:00:17.0-ata-1', 'naa.5000c500c1234567', 'WJG0ABCD'],
    ]);
    const { ethernet_ports: ports } = await get('/sysinv/v1/ihosts/compute-0/ethernet_ports');
    expect(ports[0]).toMatchObject({
      name: 'enp81s0f0', mac: 'b4:96:91:a1:b2:c0', mtu: 9000, speed: 25_000, pciaddr: '0000:51:00.0', driver: 'ice', sriov_totalvfs: 128, sriov_numvfs: 8,
      numa_node: 0, capabilities: { ptp_clock_index: 0 }, host_uuid: joined['compute-0']!.uuid,
    });
    expect(ports.map((p: { capabilities: object }) => p.capabilities)).toEqual([{ ptp_clock_index: 0 }, {}, {}, {}]);
    // host-if-list passes the hostname, which sysinv resolves as well as a uuid.
    const { iinterfaces } = await get('/sysinv/v1/ihosts/compute-0/iinterfaces');
    expect(iinterfaces.map((i: Record<string, unknown>) => [i['ifname'], i['iftype'], i['ifclass'], i['imtu']])).toEqual([
      ['enp81s0f0', 'ethernet', null, 9000], ['enp81s0f1', 'ethernet', null, 1500], ['ens3f0', 'ethernet', null, 1500], ['ens3f1', 'ethernet', null, 1500],
    ]);
    expect(ports[0].interface_uuid).toBe(iinterfaces[0].uuid);
    const { ports: under } = await get(`/sysinv/v1/iinterfaces/${iinterfaces[2].uuid}/ports`);
    expect(under.map((p: { name: string }) => p.name)).toEqual(['ens3f0']);
  });

  it('answers system host-if-list and host-port-show with every field they read, channels included', async () => {
    const system = systemClient(t, () => admin);
    const json = async (path: string) => {
      const res = await system.request('GET', path);
      expect(res.status, res.body).toBe(200);
      return res.json();
    };
    // do_host_if_list: cc.iinterface.list(hostname), _find_ihost (a list), then each interface's ports.
    const { iinterfaces } = await json('/v1/ihosts/compute-0/iinterfaces');
    const host = (await json('/v1/ihosts')).ihosts.find((h: { hostname: string }) => h.hostname === 'compute-0');
    expect(iinterfaces.length).toBeGreaterThan(0);
    for (const i of iinterfaces) {
      // The attributes column reads these of every row; a missing one ends the command.
      for (const field of ['ifclass', 'used_by', 'imtu', 'iftype', 'max_tx_rate', 'max_rx_rate', 'channels', 'sriov_vf_channels', 'uuid', 'ifname', 'vlan_id', 'uses']) {
        expect(i, field).toHaveProperty(field);
      }
      expect([i.channels, i.sriov_vf_channels]).toEqual([null, null]);
      const { ports } = await json(`/v1/iinterfaces/${i.uuid}/ports`);
      for (const p of ports) expect(p.dpdksupport).toBe(true);
    }
    // do_host_port_show: _find_port lists the host's ports by uuid and prints these fields.
    const { ports } = await json(`/v1/ihosts/${host.uuid}/ports`);
    for (const p of ports) {
      for (const field of ['name', 'namedisplay', 'type', 'pciaddr', 'dev_id', 'numa_node', 'sriov_totalvfs', 'sriov_numvfs', 'sriov_vfs_pci_address', 'sriov_vf_driver', 'sriov_vf_pdevice_id', 'driver', 'pclass', 'pvendor', 'pdevice', 'capabilities', 'uuid', 'host_uuid', 'interface_uuid', 'dpdksupport', 'numchannels', 'maxchannels', 'sriov_vf_numchannels', 'sriov_vf_maxchannels', 'created_at', 'updated_at']) {
        expect(p, field).toHaveProperty(field);
      }
      // sysfs has no channel counts (they need the ETHTOOL_GCHANNELS ioctl): not discovered.
      expect([p.numchannels, p.maxchannels, p.sriov_vf_numchannels, p.sriov_vf_maxchannels]).toEqual([
        null,
        null,
        null,
        null,
      ]);
    }
    expect((await json(`/v1/ethernet_ports/${ports[0].uuid}`)).numchannels).toBeNull();
  });

  it('keeps the uuids of items that are still there when the hardware changes, and drops the rest', async () => {
    const before = (await get('/sysinv/v1/ihosts/compute-0/ports')).ports as Array<{ uuid: string; name: string }>;
    const cpusBefore = (await get('/sysinv/v1/ihosts/compute-0/icpus')).icpus as Array<{ uuid: string }>;
    const changed: HostInventoryReport = { ...server, nics: server.nics.filter((n) => n.name !== 'ens3f1').map((n) => (n.name === 'ens3f0' ? { ...n, mtu: 9216 } : n)), disks: server.disks.slice(0, 1) };
    expect((await report('compute-0', changed)).status).toBe(204);
    const after = (await get('/sysinv/v1/ihosts/compute-0/ethernet_ports')).ethernet_ports as Array<{ uuid: string; name: string; mtu: number }>;
    expect(after.map((p) => [p.name, p.uuid, p.mtu])).toEqual([
      ['enp81s0f0', before[0]!.uuid, 9000],
      ['enp81s0f1', before[1]!.uuid, 1500],
      ['ens3f0', before[2]!.uuid, 9216],
    ]);
    expect((await get('/sysinv/v1/ihosts/compute-0/idisks')).idisks).toHaveLength(1);
    expect(((await get('/sysinv/v1/ihosts/compute-0/icpus')).icpus as Array<{ uuid: string }>).map((c) => c.uuid)).toEqual(cpusBefore.map((c) => c.uuid));
    expect((await t.request({ method: 'GET', url: `/sysinv/v1/ports/${before[3]!.uuid}`, token: admin })).status).toBe(404);
  });

  it('refuses a malformed report and a report for another host, changing nothing', async () => {
    const before = await get('/sysinv/v1/ihosts/compute-1');
    const malformed = await report('compute-1', { ...server, cpus: [{ cpu: -1 }] });
    expect(malformed.status).toBe(400);
    const extra = await report('compute-1', { ...server, firmware: 'x' });
    expect(extra.status).toBe(400);
    const foreign = await t.request({
      method: 'PUT',
      url: `/agent/v1/hosts/${joined['compute-0']!.uuid}/inventory`,
      token: null,
      headers: { 'x-host-credential': joined['compute-1']!.credential },
      body: server,
    });
    expect(foreign.status).toBe(403);
    expect(await get('/sysinv/v1/ihosts/compute-1')).toMatchObject({ inv_state: before.inv_state, uptime: 0 });
    expect((await get('/sysinv/v1/ihosts/compute-1/icpus')).icpus).toEqual([]);
    const failures = (await auditEntries(t, admin, 'event=auth.failure')).filter((e) => e.path.endsWith('/inventory'));
    expect(failures.map((e) => e.outcome)).toEqual([403]);
  });

  it('answers 404 for an unknown host or item, and deletes a host\'s inventory with it', async () => {
    expect((await t.request({ method: 'GET', url: '/sysinv/v1/ihosts/compute-9/icpus', token: admin })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/sysinv/v1/icpus/00000000-0000-4000-8000-000000000000', token: admin })).status).toBe(404);
    expect((await report('compute-1', server)).status).toBe(204);
    const cpu = (await get('/sysinv/v1/ihosts/compute-1/icpus')).icpus[0].uuid as string;
    expect((await t.request({ method: 'DELETE', url: '/sysinv/v1/ihosts/compute-1', token: admin })).status).toBe(204);
    expect((await t.request({ method: 'GET', url: `/sysinv/v1/icpus/${cpu}`, token: admin })).status).toBe(404);
  });

  it('tells whether a report changed anything, and keeps the hostname the operator gave the host', async () => {
    const { inventory } = t.controller.services;
    const uuid = joined['compute-0']!.uuid;
    const ctx = () => internalContext('req-inventory-again', '/test');
    // The full report brings back the port and the disk the previous one had lost.
    expect(await inventory.ingest(ctx(), uuid, server)).toBe(true);
    expect(await inventory.ingest(ctx(), uuid, server)).toBe(false);
    // A later uptime alone changes no item, but the host shows it.
    expect(await inventory.ingest(ctx(), uuid, { ...server, uptimeSeconds: 90_000 })).toBe(false);
    expect(server.hostname).not.toBe('compute-0');
    expect(await get('/sysinv/v1/ihosts/compute-0')).toMatchObject({ hostname: 'compute-0', uptime: 90_000, inv_state: 'inventoried' });
    expect((await get('/sysinv/v1/ihosts/compute-0/ports')).ports.map((p: { name: string }) => p.name)).toEqual(['enp81s0f0', 'enp81s0f1', 'ens3f0', 'ens3f1']);
    expect((await get('/sysinv/v1/ihosts/compute-0/idisks')).idisks).toHaveLength(2);
  });

  it('lets a reader list and show the inventory, and refuses a request without a token', async () => {
    const r = await createUser(t, admin, 'inventory-reader', { role: 'reader' });
    const reader = await t.login(r.name, r.password);
    for (const collection of ['inodes', 'icpus', 'imemorys', 'idisks', 'ports', 'ethernet_ports', 'iinterfaces']) {
      const list = await t.request({ method: 'GET', url: `/sysinv/v1/ihosts/compute-0/${collection}`, token: reader });
      expect(list.status, list.body).toBe(200);
      const first = (list.json()[collection] as Array<{ uuid: string }>)[0]!;
      expect((await t.request({ method: 'GET', url: `/sysinv/v1/${collection}/${first.uuid}`, token: reader })).json()).toEqual(first);
      expect((await t.request({ method: 'GET', url: `/sysinv/v1/ihosts/compute-0/${collection}`, token: null })).status).toBe(401);
    }
  });
});
