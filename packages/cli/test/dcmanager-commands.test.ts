import { afterEach, describe, expect, it } from 'vitest';
import { useDcmanagerCli, webob } from './support/hollow-system-controller.js';

const subcloud = (changes: Record<string, unknown> = {}) => ({
  id: 3, name: 'edge-7', description: null, location: null, 'software-version': '26.03',
  'management-state': 'unmanaged', 'availability-status': 'online', 'deploy-status': 'complete',
  'management-subnet': null, 'management-start-ip': null, 'management-end-ip': null, 'management-gateway-ip': null,
  'systemcontroller-gateway-ip': null, 'created-at': '2026-03-01 10:00:00', 'updated-at': null, group_id: 1,
  'error-description': 'No errors present', ...changes,
});

const group = (changes: Record<string, unknown> = {}) => ({
  id: 2, name: 'far-east', description: 'No description provided', update_apply_type: 'parallel',
  max_parallel_subclouds: 2, 'created-at': '2026-03-01 10:00:00', 'updated-at': null, ...changes,
});

describe('murmur dcmanager: what each command sends and prints', () => {
  const { hollow, io, dc, dcWith, sent, fieldRows } = useDcmanagerCli();
  afterEach(() => {
    delete process.env['MURMUR_SUBCLOUD_ADMIN_PASSWORD'];
  });

  it('adds a subcloud with a join token and every attribute, and prints the detail format', async () => {
    hollow.answer({ 'POST /subclouds/': { body: subcloud({ description: 'Edge seven', location: 'Ottawa', group_id: 2 }) } });
    const code = await dc('subcloud', 'add', '--name', 'edge-7', '--url', 'https://10.20.0.7:6385', '--join-token', 'jt-1',
      '--description', 'Edge seven', '--location', 'Ottawa', '--group', 'far-east', '--latitude', '45.42', '--longitude', '-75.69');
    expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
    expect(sent()).toEqual([['POST', '/dcmanager/v1.0/subclouds/', {
      name: 'edge-7', url: 'https://10.20.0.7:6385', join_token: 'jt-1', description: 'Edge seven', location: 'Ottawa',
      group_id: 'far-east', latitude: 45.42, longitude: -75.69,
    }]]);
    expect(fieldRows().slice(0, 5)).toEqual([['Field', 'Value'], ['id', '3'], ['name', 'edge-7'], ['description', 'Edge seven'], ['location', 'Ottawa']]);
    expect(fieldRows()).toHaveLength(22);
  });

  it('adds with the subcloud\'s admin credentials, the password from the environment', async () => {
    hollow.answer({ 'POST /subclouds/': { body: subcloud() } });
    process.env['MURMUR_SUBCLOUD_ADMIN_PASSWORD'] = 's3cret!';
    expect(await dc('subcloud', 'add', '--name', 'edge-7', '--url', 'http://10.20.0.7:6385', '--admin-username', 'admin', '-f', 'value', '-c', 'name')).toBe(0);
    expect(sent()).toEqual([['POST', '/dcmanager/v1.0/subclouds/', { name: 'edge-7', url: 'http://10.20.0.7:6385', admin_username: 'admin', admin_password: 's3cret!' }]]);
    expect(io.stdout).toBe('edge-7\n');
  });

  it('refuses an add without credentials, with both kinds, without a password off a terminal, or with a bad URL', async () => {
    hollow.answer({});
    const base = ['subcloud', 'add', '--name', 'edge-7', '--url', 'https://10.20.0.7:6385'];
    expect(await dc(...base)).toBe(2);
    expect(io.stderr).toContain('give either --join-token (made on the subcloud) or --admin-username of the subcloud');
    expect(await dc(...base, '--join-token', 'jt', '--admin-username', 'admin')).toBe(2);
    expect(await dc(...base, '--admin-username', 'admin')).toBe(2);
    expect(io.stderr).toContain('--admin-password or MURMUR_SUBCLOUD_ADMIN_PASSWORD');
    expect(await dc('subcloud', 'add', '--name', 'edge-7', '--url', '10.20.0.7', '--join-token', 'jt')).toBe(2);
    expect(await dc(...base, '--join-token', 'jt', '--latitude', '91')).toBe(2);
    expect(sent()).toEqual([]);
  });

  it('lists subclouds without the secondary ones unless --all, and every column with -d', async () => {
    const listed = [
      subcloud({ sync_status: 'in-sync' }),
      subcloud({ id: 4, name: 'edge-8', 'deploy-status': 'secondary' }),
    ];
    hollow.answer({ 'GET /subclouds/': { body: { subclouds: listed } } });
    expect(await dc('subcloud', 'list')).toBe(0);
    expect(fieldRows()).toEqual([
      ['id', 'name', 'management', 'availability', 'deploy status', 'sync', 'backup status', 'prestage status'],
      ['3', 'edge-7', 'unmanaged', 'online', 'complete', 'in-sync', 'None', 'None'],
    ]);
    io.stdout = '';
    expect(await dc('subcloud', 'list', '--all', '-f', 'value', '-c', 'name', '-c', 'sync')).toBe(0);
    expect(io.stdout).toBe('edge-7 in-sync\nedge-8 unknown\n');
    io.stdout = '';
    expect(await dc('subcloud', 'list', '-d')).toBe(0);
    expect(fieldRows()[0]).toHaveLength(22);
    expect(sent()).toEqual([['GET', '/dcmanager/v1.0/subclouds/', null], ['GET', '/dcmanager/v1.0/subclouds/', null], ['GET', '/dcmanager/v1.0/subclouds/', null]]);
  });

  it('shows a subcloud from its item or its detail, prints its errors, whatever --os-region-name says', async () => {
    const detail = subcloud({ oam_floating_ip: '10.20.0.7', deploy_config_sync_status: 'unknown', region_name: 'edge-7' });
    hollow.answer({
      'GET /subclouds/edge-7': { body: subcloud({ 'error-description': 'join failed: token spent', 'region-name': 'edge-7' }) },
      'GET /subclouds/edge-7/detail': { body: detail },
    });
    expect(await dc('subcloud', 'show', 'edge-7', '-f', 'json', '-c', 'region_name')).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ region_name: 'edge-7' });
    io.stdout = '';
    expect(await dc('subcloud', 'show', 'edge-7', '-d', '-f', 'value', '-c', 'oam_floating_ip')).toBe(0);
    expect(io.stdout).toBe('10.20.0.7\n');
    io.stdout = '';
    await dcWith(['--os-region-name', 'edge-7'], 'subcloud', 'errors', 'edge-7');
    expect(io.stdout).toBe('join failed: token spent\n');
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual([
      'GET /dcmanager/v1.0/subclouds/edge-7', 'GET /dcmanager/v1.0/subclouds/edge-7/detail', 'GET /dcmanager/v1.0/subclouds/edge-7',
    ]);
    expect(await dc('subcloud', 'show', '')).toBe(2);
    expect(io.stderr).toContain('Subcloud cannot be an empty value.');
  });

  it('updates, manages (with --force) and unmanages with PATCH, and prints an update\'s notice first', async () => {
    hollow.answer({ 'PATCH /subclouds/edge-7': (r) => ({ body: subcloud({ ...(r.body as Record<string, unknown>), info_message: (r.body as { name?: string }).name ? 'renamed' : null }) }) });
    expect(await dc('subcloud', 'update', 'edge-7', '--name', 'edge-7b', '--longitude', '10', '--group', '2', '-f', 'value', '-c', 'name')).toBe(0);
    expect(io.stdout).toBe('renamed\nedge-7b\n');
    expect(await dc('subcloud', 'manage', 'edge-7', '--force', '-f', 'value', '-c', 'id')).toBe(0);
    expect(await dc('subcloud', 'unmanage', 'edge-7', '--yes', '-f', 'value', '-c', 'id')).toBe(0);
    expect(await dc('subcloud', 'manage', 'edge-7', '-f', 'value', '-c', 'id')).toBe(0);
    expect(sent()).toEqual([
      ['PATCH', '/dcmanager/v1.0/subclouds/edge-7', { name: 'edge-7b', group_id: '2', longitude: 10 }],
      ['PATCH', '/dcmanager/v1.0/subclouds/edge-7', { 'management-state': 'managed', force: 'true' }],
      ['PATCH', '/dcmanager/v1.0/subclouds/edge-7', { 'management-state': 'unmanaged' }],
      ['PATCH', '/dcmanager/v1.0/subclouds/edge-7', { 'management-state': 'managed' }],
    ]);
  });

  it('refuses an update with nothing to update before any request', async () => {
    hollow.answer({});
    expect(await dc('subcloud', 'update', 'edge-7')).toBe(2);
    expect(io.stderr).toContain('Nothing to update');
    expect(sent()).toEqual([]);
  });

  it('deletes printing nothing, and says what it could not do with the server\'s message', async () => {
    hollow.answer({
      'DELETE /subclouds/edge-7': { body: null },
      'DELETE /subclouds/edge-9?force=true': { body: null },
      'DELETE /subclouds/edge-8': { status: 400, body: webob('400 Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.', 'Cannot delete a subcloud that is &quot;managed&quot;') },
    });
    expect(await dc('subcloud', 'delete', 'edge-7')).toBe(0);
    expect(io.stdout).toBe('');
    expect(await dc('subcloud', 'delete', 'edge-9', '--force')).toBe(0);
    expect(await dc('subcloud', 'delete', 'edge-8', '--yes')).toBe(1);
    expect(io.stderr).toBe('Error: Cannot delete a subcloud that is "managed"\nUnable to delete subcloud edge-8\n');
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual([
      'DELETE /dcmanager/v1.0/subclouds/edge-7', 'DELETE /dcmanager/v1.0/subclouds/edge-9?force=true', 'DELETE /dcmanager/v1.0/subclouds/edge-8',
    ]);
  });

  it('adds a group with dcmanager\'s defaults, and takes either spelling of the options', async () => {
    hollow.answer({ 'POST /subcloud-groups/': (r) => ({ body: group(r.body as Record<string, unknown>) }) });
    expect(await dc('subcloud-group', 'add', '--name', 'far-east')).toBe(0);
    expect(fieldRows()).toEqual([
      ['Field', 'Value'], ['id', '2'], ['name', 'far-east'], ['description', 'No description provided'],
      ['update apply type', 'parallel'], ['max parallel subclouds', '2'], ['created_at', '2026-03-01 10:00:00'], ['updated_at', 'None'],
    ]);
    expect(await dc('subcloud-group', 'add', '--name', 'g2', '--description', 'two', '--update_apply_type', 'serial', '--max-parallel-subclouds', '500')).toBe(0);
    expect(await dc('subcloud-group', 'add', '--name', 'g3', '--update-apply-type', 'serial', '--max_parallel_subclouds', '5000')).toBe(0);
    expect(sent()).toEqual([
      ['POST', '/dcmanager/v1.0/subcloud-groups/', { name: 'far-east', description: 'No description provided', update_apply_type: 'parallel', max_parallel_subclouds: 2 }],
      ['POST', '/dcmanager/v1.0/subcloud-groups/', { name: 'g2', description: 'two', update_apply_type: 'serial', max_parallel_subclouds: 500 }],
      ['POST', '/dcmanager/v1.0/subcloud-groups/', { name: 'g3', description: 'No description provided', update_apply_type: 'serial', max_parallel_subclouds: 5000 }],
    ]);
    hollow.answer({});
    expect(await dc('subcloud-group', 'add', '--name', 'g4', '--update_apply_type', 'serial', '--update-apply-type', 'parallel')).toBe(2);
    expect(await dc('subcloud-group', 'add', '--name', 'g4', '--max_parallel_subclouds', 'two')).toBe(2);
    expect(await dc('subcloud-group', 'add', '--name', 'g4', '--update_apply_type', 'sideways')).toBe(2);
    expect(await dc('subcloud-group', 'update', 'g4')).toBe(2);
    expect(sent()).toEqual([]);
  });

  it('lists, shows, updates and deletes groups and lists a group\'s subclouds', async () => {
    hollow.answer({
      'GET /subcloud-groups/': { body: { subcloud_groups: [group({ id: 1, name: 'Default', description: 'Default Subcloud Group' }), group()] } },
      'GET /subcloud-groups/2': { body: group() },
      'PATCH /subcloud-groups/far-east': (r) => ({ body: group(r.body as Record<string, unknown>) }),
      'DELETE /subcloud-groups/far-east': { body: null },
      'GET /subcloud-groups/far-east/subclouds': { body: { subclouds: [subcloud({ group_id: 2 })] } },
    });
    expect(await dc('subcloud-group', 'list')).toBe(0);
    expect(fieldRows()).toEqual([['id', 'name', 'description'], ['1', 'Default', 'Default Subcloud Group'], ['2', 'far-east', 'No description provided']]);
    io.stdout = '';
    expect(await dc('subcloud-group', 'show', '2', '-f', 'value', '-c', 'name')).toBe(0);
    expect(await dc('subcloud-group', 'update', 'far-east', '--max-parallel-subclouds', '9', '-f', 'value', '-c', 'max parallel subclouds')).toBe(0);
    expect(io.stdout).toBe('far-east\n9\n');
    io.stdout = '';
    expect(await dc('subcloud-group', 'list-subclouds', 'far-east', '-f', 'value', '-c', 'name', '-c', 'group_id')).toBe(0);
    expect(io.stdout).toBe('edge-7 2\n');
    io.stdout = '';
    expect(await dc('subcloud-group', 'delete', 'far-east')).toBe(0);
    expect(io.stdout).toBe('');
    expect(sent()).toEqual([
      ['GET', '/dcmanager/v1.0/subcloud-groups/', null],
      ['GET', '/dcmanager/v1.0/subcloud-groups/2', null],
      ['PATCH', '/dcmanager/v1.0/subcloud-groups/far-east', { max_parallel_subclouds: 9 }],
      ['GET', '/dcmanager/v1.0/subcloud-groups/far-east/subclouds', null],
      ['DELETE', '/dcmanager/v1.0/subcloud-groups/far-east', null],
    ]);
  });

  it('prints the alarm summary and the fleet summary', async () => {
    hollow.answer({
      'GET /alarms/': { body: { alarm_summary: [{ region_name: 'edge-7', uuid: 'u', critical_alarms: -1, major_alarms: -1, minor_alarms: -1, warnings: -1, cloud_status: 'disabled' }] } },
      'GET /subclouds/summary': { body: { summary: {
        total: 8,
        management_state: { managed: 7, unmanaged: 1 },
        availability_status: { online: 8, offline: 0 },
        sync_status: { 'in-sync': 7, 'out-of-sync': 0, unknown: 1 },
        counts: [
          { management_state: 'managed', availability_status: 'online', sync_status: 'in-sync', count: 7 },
          { management_state: 'unmanaged', availability_status: 'online', sync_status: 'unknown', count: 1 },
        ],
      } } },
    });
    expect(await dc('alarm', 'summary')).toBe(0);
    expect(fieldRows()).toEqual([['NAME', 'CRITICAL_ALARMS', 'MAJOR_ALARMS', 'MINOR_ALARMS', 'WARNINGS', 'STATUS'], ['edge-7', '-', '-', '-', '-', 'disabled']]);
    io.stdout = '';
    expect(await dc('fleet', 'summary', '--by', 'availability')).toBe(0);
    expect(fieldRows()).toEqual([['availability', 'count'], ['online', '8']]);
    expect(await dc('fleet', 'summary', '--by', 'region')).toBe(2);
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual(['GET /dcmanager/v1.0/alarms/', 'GET /dcmanager/v1.0/subclouds/summary']);
  });
});
