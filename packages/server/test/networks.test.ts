import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { faultOf } from './support/api-helpers.js';
import { systemClient, type StxClient } from './support/stx-clients.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

describe.each(testDialects())('address pools, networks and labels on %s', (dialect) => {
  let admin: string;
  let system: StxClient;
  const post = (url: string, body: unknown) => t.request({ method: 'POST', url, token: admin, body });
  const get = async (url: string) => {
    const res = await t.request({ method: 'GET', url, token: admin });
    expect(res.status, res.body).toBe(200);
    return res.json();
  };
  const refused = (res: InjectResult, status: number, text: string) => {
    expect(res.status, res.body).toBe(status);
    expect(faultOf(res).faultstring).toContain(text);
  };
  const pool = async (body: Record<string, unknown>) => {
    const res = await post('/sysinv/v1/addrpools', body);
    expect(res.status, res.body).toBe(200);
    return res.json();
  };
  const allocate = (uuid: string, body: Record<string, unknown> = {}) => post(`/sysinv/v1/addrpools/${uuid}/addresses`, body);

  const t = useTestController(dialect, { config: { systemMode: 'duplex' } });
  beforeAll(async () => {
    admin = await t.adminToken();
    system = systemClient(t, () => admin);
  });

  it('adds IPv4 and IPv6 pools with the whole subnet as the default range, in sysinv fields', async () => {
    const v4 = await pool({ name: 'management', network: '192.168.204.0', prefix: 24, floating_address: '192.168.204.2', controller0_address: '192.168.204.3' });
    expect(v4).toMatchObject({
      name: 'management', network: '192.168.204.0', prefix: 24, family: 4, order: 'random', ranges: [['192.168.204.1', '192.168.204.254']],
      floating_address: '192.168.204.2', controller0_address: '192.168.204.3', controller1_address: null, gateway_address: null,
    });
    const v6 = await pool({ name: 'cluster-host-v6', network: 'FD00:0:0:1::', prefix: 64, order: 'sequential' });
    expect(v6).toMatchObject({ network: 'fd00:0:0:1::', family: 6, ranges: [['fd00:0:0:1::1', 'fd00::1:ffff:ffff:ffff:ffff']] });
    const list = await get('/sysinv/v1/addrpools');
    expect(list.addrpools.map((p: { name: string }) => p.name)).toEqual(['management', 'cluster-host-v6']);
  });

  it('refuses a pool that is not a proper subnet, with ranges or addresses outside it, creating nothing', async () => {
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.300', prefix: 24 }), 400, 'network');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.5', prefix: 24 }), 400, 'host bits set for /24; the subnet is 10.0.0.0/24');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 31 }), 400, 'prefix must be an integer from 1 to 30');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, ranges: [['10.0.0.10', '10.0.1.5']] }), 400, 'outside 10.0.0.0/24');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, ranges: [['10.0.0.50', '10.0.0.10']] }), 400, 'ends before it starts');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, ranges: '10.0.0.10-10.0.0.20,10.0.0.15-10.0.0.30' }), 400, 'ranges overlap');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, ranges: [['fd00::1', 'fd00::5']] }), 400, 'is IPv6; the pool is IPv4');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, gateway_address: '10.0.0.255' }), 400, 'gateway_address');
    refused(await post('/sysinv/v1/addrpools', { name: 'x', network: '10.0.0.0', prefix: 24, gateway_address: '10.0.0.1', floating_address: '10.0.0.1' }), 409, 'already the pool');
    refused(await post('/sysinv/v1/addrpools', { name: 'management', network: '10.0.0.0', prefix: 24 }), 409, 'already exists');
    expect((await get('/sysinv/v1/addrpools')).addrpools).toHaveLength(2);
  });

  it('hands out addresses in order, skipping the special ones, and never the same one twice', async () => {
    const p = await pool({ name: 'oam', network: '10.10.10.0', prefix: 28, order: 'sequential', ranges: '10.10.10.1-10.10.10.6', gateway_address: '10.10.10.1', floating_address: '10.10.10.3' });
    const handed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await allocate(p.uuid, { name: `a${i}` });
      expect(res.status, res.body).toBe(200);
      handed.push(res.json().address);
    }
    expect(handed).toEqual(['10.10.10.2', '10.10.10.4', '10.10.10.5', '10.10.10.6']);
    refused(await allocate(p.uuid), 409, 'no free address left');
    const listed = (await get(`/sysinv/v1/addrpools/${p.uuid}/addresses`)).addresses;
    expect(listed.map((a: { address: string; prefix: number }) => `${a.address}/${a.prefix}`)).toEqual(['10.10.10.2/28', '10.10.10.4/28', '10.10.10.5/28', '10.10.10.6/28']);
    // Given back, it can be handed out again.
    expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/addrpools/${p.uuid}/addresses/${listed[1].uuid}`, token: admin })).status).toBe(204);
    expect((await allocate(p.uuid)).json().address).toBe('10.10.10.4');
  });

  it('gives a requested address only when it is free and inside the ranges', async () => {
    const p = await pool({ name: 'storage', network: '10.20.0.0', prefix: 24, ranges: [['10.20.0.10', '10.20.0.99']] });
    expect((await allocate(p.uuid, { address: '10.20.0.50' })).json()).toMatchObject({ address: '10.20.0.50', prefix: 24, pool_uuid: p.uuid });
    refused(await allocate(p.uuid, { address: '10.20.0.50' }), 409, 'already in use');
    refused(await allocate(p.uuid, { address: '10.20.0.150' }), 400, 'outside the ranges');
    refused(await allocate(p.uuid, { address: '10.21.0.50' }), 400, 'outside 10.20.0.0/24');
    refused(await allocate(p.uuid, { address: 'fd00::1' }), 400, 'is IPv6');
    // Random order: every address handed out is distinct and inside the ranges.
    const seen = new Set<string>(['10.20.0.50']);
    for (let i = 0; i < 30; i++) seen.add((await allocate(p.uuid)).json().address);
    expect(seen.size).toBe(31);
    for (const address of seen) expect(Number(address.split('.')[3])).toBeGreaterThanOrEqual(10);
    for (const address of seen) expect(Number(address.split('.')[3])).toBeLessThanOrEqual(99);
  });

  it('hands out IPv6 addresses in canonical form', async () => {
    const v6 = (await get('/sysinv/v1/addrpools')).addrpools.find((p: { name: string }) => p.name === 'cluster-host-v6');
    expect((await allocate(v6.uuid)).json().address).toBe('fd00:0:0:1::1');
    expect((await allocate(v6.uuid, { address: 'FD00:0000:0:1:0:0:0:00A0' })).json().address).toBe('fd00:0:0:1::a0');
    refused(await allocate(v6.uuid, { address: 'fd00:0:0:1::a0' }), 409, 'already in use');
  });

  it('never hands out one address twice to concurrent requests', async () => {
    const p = await pool({ name: 'busy', network: '172.16.0.0', prefix: 26, order: 'sequential' });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => allocate(p.uuid, { name: `c${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
    const addresses = results.map((r) => r.json().address as string);
    expect(new Set(addresses).size).toBe(40);
    expect([...addresses].sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]))[39]).toBe('172.16.0.40');
  });

  it('changes ranges and the subnet only without leaving handed-out addresses outside', async () => {
    const p = (await get('/sysinv/v1/addrpools')).addrpools.find((x: { name: string }) => x.name === 'storage');
    const patch = (body: unknown) => t.request({ method: 'PATCH', url: `/sysinv/v1/addrpools/${p.uuid}`, token: admin, body });
    refused(await patch([{ op: 'replace', path: '/ranges', value: '10.20.0.60-10.20.0.99' }]), 409, 'leave out');
    refused(await patch([{ op: 'replace', path: '/prefix', value: '28' }]), 400, 'ranges 10.20.0.99 is outside 10.20.0.0/28');
    refused(await patch([{ op: 'replace', path: '/network', value: '10.20.0.5' }]), 400, 'host bits set for /24');
    refused(await patch([{ op: 'replace', path: '/network', value: 'fd00::' }]), 400, 'is IPv6; the pool is IPv4');
    refused(await patch([{ op: 'replace', path: '/family', value: '6' }]), 400, 'family cannot be modified');
    const wider = await patch([{ op: 'replace', path: '/ranges', value: '10.20.0.2-10.20.0.200' }]);
    expect(wider.status, wider.body).toBe(200);
    expect(wider.json().ranges).toEqual([['10.20.0.2', '10.20.0.200']]);
    // A wider subnet keeps the ranges; the addresses handed out now carry its prefix.
    const moved = await patch([{ op: 'replace', path: '/prefix', value: '16' }]);
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ network: '10.20.0.0', prefix: 16, ranges: [['10.20.0.2', '10.20.0.200']] });
    expect((await get(`/sysinv/v1/addrpools/${p.uuid}/addresses`)).addresses.every((a: { prefix: number }) => a.prefix === 16)).toBe(true);
  });

  it('adds one network per type on a pool, and keeps a pool in use from being deleted', async () => {
    const mgmt = (await get('/sysinv/v1/addrpools')).addrpools.find((p: { name: string }) => p.name === 'management');
    const res = await post('/sysinv/v1/networks', { type: 'mgmt', name: 'mgmt', dynamic: true, pool_uuid: mgmt.uuid });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ type: 'mgmt', name: 'mgmt', dynamic: true, pool_uuid: mgmt.uuid, primary_pool_family: 'IPv4' });
    refused(await post('/sysinv/v1/networks', { type: 'mgmt', name: 'mgmt-2', pool_uuid: mgmt.uuid }), 409, 'a mgmt network already exists');
    refused(await post('/sysinv/v1/networks', { type: 'data', pool_uuid: mgmt.uuid }), 400, 'type must be one of');
    refused(await post('/sysinv/v1/networks', { type: 'oam', pool_uuid: '00000000-0000-4000-8000-000000000000' }), 400, 'is not an address pool');
    const inUse = await t.request({ method: 'DELETE', url: `/sysinv/v1/addrpools/${mgmt.uuid}`, token: admin });
    refused(inUse, 409, 'used by network mgmt');
    expect((await get('/sysinv/v1/networks')).networks.map((n: { type: string }) => n.type)).toEqual(['mgmt']);
    expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/networks/${res.json().uuid}`, token: admin })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/addrpools/${mgmt.uuid}`, token: admin })).status).toBe(204);
  });

  it('sets, overwrites and removes host labels, each change a new configuration generation', async () => {
    expect((await post('/sysinv/v1/ihosts', { hostname: 'compute-0', personality: 'worker' })).status).toBe(200);
    const generation = async () => Number((await get('/sysinv/v1/ihosts/compute-0')).config_target);
    const first = await post('/sysinv/v1/labels/compute-0', { 'sriov': 'enabled', 'kubernetes.io/role': 'edge' });
    expect(first.status, first.body).toBe(200);
    // As sysinv: the labels set, in the order given.
    expect(first.json().labels.map((l: { label_key: string; label_value: string }) => `${l.label_key}=${l.label_value}`)).toEqual(['sriov=enabled', 'kubernetes.io/role=edge']);
    expect(await generation()).toBe(1);
    refused(await post('/sysinv/v1/labels/compute-0', { sriov: 'disabled' }), 409, 'use --overwrite');
    refused(await post('/sysinv/v1/labels/compute-0', { 'bad key!': 'x' }), 400, 'label key');
    expect(await generation()).toBe(1);
    expect((await post('/sysinv/v1/labels/compute-0?overwrite=True', { sriov: 'disabled' })).status).toBe(200);
    const labels = (await get('/sysinv/v1/ihosts/compute-0/labels')).labels;
    expect(labels.find((l: { label_key: string }) => l.label_key === 'sriov').label_value).toBe('disabled');
    expect((await t.request({ method: 'DELETE', url: `/sysinv/v1/labels/${labels[0].uuid}`, token: admin })).status).toBe(204);
    expect((await get('/sysinv/v1/ihosts/compute-0/labels')).labels.map((l: { label_key: string }) => l.label_key)).toEqual(['sriov']);
    expect(await generation()).toBe(3);
    const config = await t.controller.services.hosts.configOf((await get('/sysinv/v1/ihosts/compute-0')).uuid);
    expect(config.labels).toEqual({ sriov: 'disabled' });
  });

  it('answers system host-label-assign: the labels set, each read back by uuid', async () => {
    expect((await post('/sysinv/v1/ihosts', { hostname: 'compute-5', personality: 'worker' })).status).toBe(200);
    // do_host_label_assign: _find_ihost (a list), POST with overwrite=<bool>, then cc.label.get(uuid) for each label
    // set.
    const host = (await system.request('GET', '/v1/ihosts')).json().ihosts.find((h: { hostname: string }) => h.hostname === 'compute-5');
    const assigned = await system.request('POST', `/v1/labels/${host.uuid}?overwrite=False`, { 'sriov': 'enabled', 'kubernetes.io/role': 'edge' });
    expect(assigned.status, assigned.body).toBe(200);
    const labels = assigned.json().labels as Array<{ uuid: string }>;
    expect(labels).toHaveLength(2);
    for (const label of labels) {
      const shown = await system.request('GET', `/v1/labels/${label.uuid}`);
      expect(shown.status, shown.body).toBe(200);
      expect(shown.json()).toEqual(label);
      expect(Object.keys(shown.json()).sort()).toEqual(['host_uuid', 'label_key', 'label_value', 'uuid']);
    }
    expect(labels.map((l) => (l as unknown as { label_key: string }).label_key)).toEqual(['sriov', 'kubernetes.io/role']);
    // --overwrite: only the label set comes back, and it keeps its uuid.
    const changed = await system.request('POST', `/v1/labels/${host.uuid}?overwrite=True`, { sriov: 'disabled' });
    expect(changed.json().labels).toEqual([{ uuid: labels[0]!.uuid, host_uuid: host.uuid, label_key: 'sriov', label_value: 'disabled' }]);
    expect((await system.request('GET', `/v1/labels/${labels[0]!.uuid}`)).json().label_value).toBe('disabled');
    // A label that is gone: 404, which the client reports as "Host label not found".
    expect((await system.request('DELETE', `/v1/labels/${labels[1]!.uuid}`)).status).toBe(204);
    refused(await system.request('GET', `/v1/labels/${labels[1]!.uuid}`), 404, 'label not found');
  });

  it('answers system addrpool-modify of the special addresses, checked as sysinv checks them', async () => {
    const p = await pool({ name: 'edge-oam', network: '10.30.0.0', prefix: 24, ranges: '10.30.0.10-10.30.0.99' });
    const handed = (await allocate(p.uuid, { address: '10.30.0.20', name: 'controller-0-oam' })).json();
    expect(handed.address).toBe('10.30.0.20');
    // do_addrpool_modify sends one replace per option given, in the order the options are declared.
    const modify = (changes: Array<[string, unknown]>) =>
      system.request('PATCH', `/v1/addrpools/${p.uuid}`, changes.map(([field, value]) => ({ op: 'replace', path: `/${field}`, value })));
    const res = await modify([['floating_address', '10.30.0.10'], ['controller0_address', '10.30.0.11'], ['controller1_address', '10.30.0.12'], ['gateway_address', '10.30.0.1']]);
    expect(res.status, res.body).toBe(200);
    // _print_address_pool_show reads these.
    expect(res.json()).toMatchObject({
      uuid: p.uuid, name: 'edge-oam', network: '10.30.0.0', prefix: 24, order: 'random', ranges: [['10.30.0.10', '10.30.0.99']],
      floating_address: '10.30.0.10', controller0_address: '10.30.0.11', controller1_address: '10.30.0.12', gateway_address: '10.30.0.1',
    });
    expect(await get(`/sysinv/v1/addrpools/${p.uuid}`)).toMatchObject({ floating_address: '10.30.0.10', gateway_address: '10.30.0.1' });

    refused(await modify([['gateway_address', '10.31.0.1']]), 400, 'gateway_address 10.31.0.1 is outside 10.30.0.0/24');
    refused(await modify([['gateway_address', '10.30.0.0']]), 400, 'network or broadcast address');
    refused(await modify([['gateway_address', '10.30.0.255']]), 400, 'network or broadcast address');
    refused(await modify([['floating_address', '10.30.0.150']]), 400, 'floating_address 10.30.0.150 is outside the ranges of the pool (10.30.0.10-10.30.0.99)');
    refused(await modify([['controller1_address', 'fd00::5']]), 400, 'is IPv6; the pool is IPv4');
    refused(await modify([['controller1_address', 'not-an-address']]), 400, 'is not an IP address');
    refused(await modify([['controller1_address', '10.30.0.11']]), 409, "already the pool's controller0_address");
    refused(await modify([['controller1_address', '10.30.0.20']]), 409, 'already handed out from address pool edge-oam to controller-0-oam');
    refused(await modify([['gateway_address_id', '7']]), 400, 'gateway_address_id is a read-only attribute');
    // Shrinking the ranges must keep the controller addresses inside them.
    refused(await modify([['ranges', [['10.30.0.20', '10.30.0.99']]]]), 400, 'floating_address 10.30.0.10 is outside the ranges');
    expect(await get(`/sysinv/v1/addrpools/${p.uuid}`)).toMatchObject({ floating_address: '10.30.0.10', controller1_address: '10.30.0.12', gateway_address: '10.30.0.1' });

    // --ranges arrives as a list of [start, end] pairs; "none" clears an address.
    const wider = await modify([['ranges', [['10.30.0.2', '10.30.0.200']]], ['gateway_address', 'none']]);
    expect(wider.status, wider.body).toBe(200);
    expect(wider.json()).toMatchObject({ ranges: [['10.30.0.2', '10.30.0.200']], gateway_address: null });

    // A pool that serves the oam network of a duplex system keeps its controller addresses.
    expect((await post('/sysinv/v1/networks', { type: 'oam', name: 'oam', pool_uuid: p.uuid })).status).toBe(200);
    refused(await modify([['controller1_address', 'none']]), 400, 'The field must not be empty: controller1_address');
    expect((await modify([['controller1_address', '10.30.0.13']])).json().controller1_address).toBe('10.30.0.13');
  });
});
