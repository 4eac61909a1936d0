import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur, readOpenrc, startController, stopController, type CliResult, type RunningController } from './support/murmur-process.js';
import { cells, valueOf } from './support/table-cells.js';

const fieldsOf = (stdout: string): string[] => cells(stdout).slice(1).map((row) => row[0]!);

const BASIC_DETAIL = [
  'id', 'name', 'description', 'location', 'software_version', 'management', 'availability', 'deploy_status',
  'management_subnet', 'management_start_ip', 'management_end_ip', 'management_gateway_ip',
  'systemcontroller_gateway_ip', 'group_id', 'peer_group_id', 'created_at', 'updated_at', 'backup_status',
  'backup_datetime', 'prestage_status', 'prestage_versions',
];

describe('murmur dcmanager against a real system controller and a real subcloud', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-cli-dcmanager-'));
  let central: RunningController;
  let edge: RunningController;
  let admin: Record<string, string>;
  let edgeAdmin: Record<string, string>;

  const dc = (...args: string[]): Promise<CliResult> => murmur(['dcmanager', ...args], admin);
  const ok = async (...args: string[]): Promise<string> => {
    const result = await dc(...args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };

  beforeAll(async () => {
    [central, edge] = await Promise.all([
      startController(['--data', path.join(dir, 'central'), '--role', 'systemcontroller']),
      startController(['--data', path.join(dir, 'edge'), '--region', 'edge-1']),
    ]);
    admin = { ...readOpenrc(path.join(dir, 'central', 'openrc')), XDG_CACHE_HOME: path.join(dir, 'cache') };
    edgeAdmin = { ...readOpenrc(path.join(dir, 'edge', 'openrc')), XDG_CACHE_HOME: path.join(dir, 'cache') };
  });
  afterAll(async () => {
    await Promise.all([central && stopController(central), edge && stopController(edge)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a subcloud group with dcmanager\'s options and columns', async () => {
    const added = await ok('subcloud-group', 'add', '--name', 'far-east', '--update_apply_type', 'serial', '--max_parallel_subclouds', '3');
    expect(fieldsOf(added)).toEqual(['id', 'name', 'description', 'update apply type', 'max parallel subclouds', 'created_at', 'updated_at']);
    expect([valueOf(added, 'name'), valueOf(added, 'description'), valueOf(added, 'update apply type'), valueOf(added, 'max parallel subclouds')]).toEqual([
      'far-east', 'No description provided', 'serial', '3',
    ]);
    expect(cells(await ok('subcloud-group', 'list'))).toEqual([
      ['id', 'name', 'description'],
      ['1', 'Default', 'Default Subcloud Group'],
      [valueOf(added, 'id')!, 'far-east', 'No description provided'],
    ]);
    const updated = await ok('subcloud-group', 'update', 'far-east', '--max-parallel-subclouds', '4', '--description', 'Far east sites');
    expect([valueOf(updated, 'max parallel subclouds'), valueOf(updated, 'description')]).toEqual(['4', 'Far east sites']);
  });

  it('refuses a subcloud whose admin credentials are wrong, creating nothing', async () => {
    const refused = await murmur(
      ['dcmanager', 'subcloud', 'add', '--name', 'edge-1', '--url', edge.url, '--admin-username', 'admin'],
      { ...admin, MURMUR_SUBCLOUD_ADMIN_PASSWORD: 'not-the-password' },
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^Error: /);
    expect(JSON.parse(await ok('subcloud', 'list', '-f', 'json'))).toEqual([]);
  });

  it('adds a subcloud with a join token made on it, and prints the detail format', async () => {
    const made = await murmur(['dcmanager', 'join-token', 'create', '-f', 'value', '-c', 'token'], edgeAdmin);
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
    const added = await ok('subcloud', 'add', '--name', 'edge-1', '--url', edge.url, '--join-token', made.stdout.trim(),
      '--group', 'far-east', '--location', 'Ottawa', '--latitude', '45.42', '--longitude', '-75.69');
    expect(fieldsOf(added)).toEqual(BASIC_DETAIL);
    expect([valueOf(added, 'name'), valueOf(added, 'management'), valueOf(added, 'location')]).toEqual(['edge-1', 'unmanaged', 'Ottawa']);
  });

  it('lists and shows it with dcmanager\'s columns and one sync row per endpoint type', async () => {
    const list = cells(await ok('subcloud', 'list'));
    expect(list[0]).toEqual(['id', 'name', 'management', 'availability', 'deploy status', 'sync', 'backup status', 'prestage status']);
    expect(list.slice(1).map((r) => r.slice(1, 3))).toEqual([['edge-1', 'unmanaged']]);
    expect(cells(await ok('subcloud', 'list', '-d'))[0]).toEqual([...BASIC_DETAIL.slice(0, 8), 'sync', ...BASIC_DETAIL.slice(8)]);

    const shown = await ok('subcloud', 'show', 'edge-1');
    expect(fieldsOf(shown).slice(0, 21)).toEqual(BASIC_DETAIL);
    expect(fieldsOf(shown).slice(21, 24)).toEqual(['identity_sync_status', 'platform_sync_status', 'software_sync_status']);
    expect(valueOf(shown, 'identity_sync_status')).toBe('unknown');
    expect([valueOf(shown, 'latitude'), valueOf(shown, 'longitude')]).toEqual(['45.42', '-75.69']);
    const detail = await ok('subcloud', 'show', 'edge-1', '-d');
    expect(fieldsOf(detail)).toContain('region_name');
    expect(await ok('subcloud', 'errors', 'edge-1')).toBe('No errors present\n');
    expect(await ok('subcloud-group', 'list-subclouds', 'far-east', '-f', 'value', '-c', 'name')).toBe('edge-1\n');
  });

  it('updates, manages and unmanages it; refuses to delete it while managed', async () => {
    const updated = await ok('subcloud', 'update', 'edge-1', '--description', 'Edge one', '--group', 'Default', '--latitude', '46');
    expect([valueOf(updated, 'description'), valueOf(updated, 'group_id')]).toEqual(['Edge one', '1']);
    expect(valueOf(await ok('subcloud', 'show', 'edge-1'), 'latitude')).toBe('46');
    expect(valueOf(await ok('subcloud', 'manage', 'edge-1'), 'management')).toBe('managed');

    const refused = await dc('subcloud', 'delete', 'edge-1', '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\nUnable to delete subcloud edge-1\n$/);

    const summary = cells(await ok('alarm', 'summary'));
    expect(summary[0]).toEqual(['NAME', 'CRITICAL_ALARMS', 'MAJOR_ALARMS', 'MINOR_ALARMS', 'WARNINGS', 'STATUS']);
    expect(summary.slice(1).map((r) => r[0])).toEqual(['edge-1']);
    expect(JSON.parse(await ok('fleet', 'summary', '--by', 'management', '-f', 'json'))).toEqual([{ management: 'managed', count: 1 }]);

    // Managed, it is audited at once and the system controller's users are synced to it.
    for (let i = 0; i < 100 && valueOf(await ok('subcloud', 'show', 'edge-1'), 'identity_sync_status') !== 'in-sync'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(valueOf(await ok('subcloud', 'show', 'edge-1'), 'identity_sync_status')).toBe('in-sync');

    const unmanaged = await ok('subcloud', 'unmanage', 'edge-1');
    expect(valueOf(unmanaged, 'management')).toBe('unmanaged');
  });

  it('deletes the subcloud (still online: with --force), printing nothing', async () => {
    expect(await ok('subcloud', 'delete', 'edge-1', '--force')).toBe('');
    expect(JSON.parse(await ok('subcloud', 'list', '-f', 'json'))).toEqual([]);
    const gone = await dc('subcloud', 'show', 'edge-1');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Subcloud not found');
  });

  it('adds it again with the subcloud\'s admin credentials, the password from the environment', async () => {
    // While it was managed, the system controller's users were synced to it: its admin has the central password now.
    const added = await murmur(
      ['dcmanager', 'subcloud', 'add', '--name', 'edge-1', '--url', edge.url, '--admin-username', 'admin', '-f', 'json'],
      { ...admin, MURMUR_SUBCLOUD_ADMIN_PASSWORD: central.adminPassword! },
    );
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'edge-1', management: 'unmanaged', group_id: 1, description: null });
    expect(await ok('subcloud', 'delete', 'edge-1', '--force')).toBe('');
    expect(await ok('subcloud-group', 'delete', 'far-east')).toBe('');
    expect(cells(await ok('subcloud-group', 'list')).map((r) => r[1])).toEqual(['name', 'Default']);
  });

  it('says a controller that is no system controller has no dcmanager', async () => {
    const refused = await murmur(['dcmanager', 'subcloud', 'list'], edgeAdmin);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('dcmanager in region SystemController');
  });
});
