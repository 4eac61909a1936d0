import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MURMUR_BIN, murmur, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

/** The rows of a Property/Value table, in order. */
function rows(table: string): Array<[string, string]> {
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Property'))
    .map((line) => line.split('|').map((c) => c.trim()))
    .map((cells) => [cells[1]!, cells[2]!]);
}

describe('system host, label and address pool commands against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-hosts-'));
  let controller: RunningController;
  let env: Record<string, string>;
  const ok = (args: string[]) => murmurOk(args, env);

  beforeAll(async () => {
    controller = await startController(['--data', path.join(dir, 'data'), '--system-mode', 'duplex']);
    env = readOpenrc(path.join(dir, 'data', 'openrc'));
  });
  afterAll(async () => {
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, shows, updates and deletes hosts with the system client\'s rows and messages', async () => {
    const added = await ok(['system', 'host-add', '-n', 'compute-0', '-p', 'worker', '-m', '08:00:27:00:00:10', '--location', 'rack 1']);
    const shown = rows(added);
    expect(shown.slice(0, 11).map(([k]) => k)).toEqual(['id', 'uuid', 'personality', 'hostname', 'invprovision', 'administrative', 'operational', 'availability', 'task', 'action', 'mgmt_mac']);
    expect(Object.fromEntries(shown)).toMatchObject({ hostname: 'compute-0', personality: 'worker', administrative: 'locked', availability: 'offline', mgmt_mac: '08:00:27:00:00:10', location: '{"locn": "rack 1"}'.replace(': ', ':') });
    const updated = Object.fromEntries(rows(await ok(['system', 'host-update', 'compute-0', 'serialid=SN-7', 'location=rack 9'])));
    expect(updated).toMatchObject({ serialid: 'SN-7', config_target: '1' });
    const bad = await murmur(['system', 'host-update', 'compute-0', 'personality=storage'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('personality cannot be modified');
    const list = await ok(['system', 'host-list']);
    expect(list).toContain('| 1  | compute-0 | worker      | locked         | disabled    | offline      |');
    const unlock = await murmur(['system', 'host-unlock', 'compute-0'], env);
    expect(unlock.code).toBe(1);
    expect(unlock.stderr).toContain('Can not unlock compute-0: its inventory is not complete');
    expect(await ok(['system', 'host-delete', 'compute-0'])).toBe('Deleted host compute-0\n');
    const gone = await murmur(['system', 'host-show', 'compute-0'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('host not found: compute-0');
  });

  it('assigns, lists and removes labels', async () => {
    await ok(['system', 'host-add', '-n', 'compute-1', '-p', 'worker']);
    const assigned = await ok(['system', 'host-label-assign', 'compute-1', 'sriov=enabled', 'openstack-compute-node=enabled']);
    expect(assigned).toContain('| compute-1 | sriov                  | enabled     |');
    const clash = await murmur(['system', 'host-label-assign', 'compute-1', 'sriov=disabled'], env);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('use --overwrite');
    await ok(['system', 'host-label-assign', '--overwrite', 'compute-1', 'sriov=disabled']);
    const listed = JSON.parse(await ok(['system', 'host-label-list', 'compute-1', '-f', 'json']));
    expect(listed).toEqual([
      { hostname: 'compute-1', 'label key': 'openstack-compute-node', 'label value': 'enabled' },
      { hostname: 'compute-1', 'label key': 'sriov', 'label value': 'disabled' },
    ]);
    expect(await ok(['system', 'host-label-remove', 'compute-1', 'sriov'])).toBe('Deleted host label sriov for host compute-1\n');
  });

  it('adds address pools and lists them and the networks with sysinv columns', async () => {
    const pool = Object.fromEntries(rows(await ok(['system', 'addrpool-add', 'management', '192.168.204.0', '24', '--ranges', '192.168.204.2-192.168.204.254', '--floating-address', '192.168.204.2'])));
    expect(pool).toMatchObject({ name: 'management', network: '192.168.204.0', prefix: '24', ranges: "['192.168.204.2-192.168.204.254']", floating_address: '192.168.204.2' });
    const outside = await murmur(['system', 'addrpool-add', 'oam', '10.10.10.0', '24', '--gateway-address', '10.10.11.1'], env);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('gateway_address 10.10.11.1 is outside 10.10.10.0/24');
    const header = (await ok(['system', 'addrpool-list'])).split('\n')[1]!.split('|').map((c) => c.trim()).filter(Boolean);
    expect(header).toEqual(['uuid', 'name', 'network', 'prefix', 'order', 'ranges', 'floating_address', 'controller0_address', 'controller1_address', 'gateway_address']);
    const token = JSON.parse((await murmur(['system', 'host-bootstrap-token', 'create', '-f', 'json'], env)).stdout).token as string;
    expect(token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    const res = await fetch(`${controller.url}/sysinv/v1/networks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': await sessionToken() },
      body: JSON.stringify({ type: 'mgmt', name: 'mgmt', pool_uuid: pool['uuid'] }),
    });
    expect(res.status).toBe(200);
    const networks = JSON.parse(await ok(['system', 'network-list', '-f', 'json']));
    expect(networks).toEqual([expect.objectContaining({ name: 'mgmt', type: 'mgmt', dynamic: true, pool_uuid: pool['uuid'], primary_pool_family: 'IPv4' })]);
  });

  it('redraws host-list --watch when a host changes and stops on Ctrl-C with status 0', async () => {
    const watch = spawn(MURMUR_BIN, ['system', 'host-list', '--watch', '--interval', '0.2'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watch.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => watch.once('exit', (code) => resolve(code)));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
      expect(out).toContain(text);
    };
    await waitFor('compute-1');
    await ok(['system', 'host-add', '-n', 'compute-2', '-p', 'worker']);
    await waitFor('compute-2');
    expect(out.split('+----').length).toBeGreaterThan(6);
    watch.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  async function sessionToken(): Promise<string> {
    const res = await fetch(`${controller.url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', password: env['OS_PASSWORD'], domain: { name: 'Default' } } } },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      }),
    });
    return res.headers.get('x-subject-token')!;
  }
});
