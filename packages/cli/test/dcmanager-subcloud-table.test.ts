import type { SubcloudDetailObject, SubcloudObject } from '@murmuration/core/contract/dcmanager';
import {
  detailListRow, formatList, formatObject, groupSubcloudRow, SUBCLOUD_DETAIL_COLUMNS, SUBCLOUD_DETAIL_LIST_COLUMNS,
  SUBCLOUD_LIST_COLUMNS, subcloudDetailShowFields, subcloudFields, subcloudListRow, subcloudShowFields,
} from '@murmuration/cli';
import { describe, expect, it } from 'vitest';

/** A subcloud as `GET /subclouds/edge-7` answers it: every key dcmanager's has, the network ones null here. */
const shown: SubcloudObject = {
  id: 3,
  name: 'edge-7',
  description: null,
  location: 'Ottawa',
  'software-version': '26.03',
  'management-state': 'managed',
  'availability-status': 'online',
  'deploy-status': 'complete',
  'management-subnet': null,
  'management-start-ip': null,
  'management-end-ip': null,
  'management-gateway-ip': null,
  'systemcontroller-gateway-ip': null,
  'created-at': '2026-03-01 10:00:00.123456',
  'updated-at': null,
  group_id: 1,
  peer_group_id: null,
  rehome_data: null,
  'error-description': 'No errors present',
  'region-name': 'edge-7',
  'backup-status': null,
  'backup-datetime': null,
  'prestage-status': null,
  'prestage-versions': null,
  'openstack-installed': false,
  data_install: null,
  data_upgrade: null,
  // The server's order, which the rows keep.
  endpoint_sync_status: [
    { endpoint_type: 'platform', sync_status: 'out-of-sync' },
    { endpoint_type: 'identity', sync_status: 'in-sync' },
    { endpoint_type: 'software', sync_status: 'unknown' },
  ],
  url: 'https://10.20.0.7:6385',
  latitude: 45.42,
  longitude: -75.69,
};

const BASIC_DETAIL = [
  'id', 'name', 'description', 'location', 'software_version', 'management', 'availability', 'deploy_status',
  'management_subnet', 'management_start_ip', 'management_end_ip', 'management_gateway_ip',
  'systemcontroller_gateway_ip', 'group_id', 'peer_group_id', 'created_at', 'updated_at', 'backup_status',
  'backup_datetime', 'prestage_status', 'prestage_versions',
];

/** The cells of a bordered table, header row first. */
const cells = (table: string): string[][] =>
  table
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split('|').map((c) => c.trim()));

describe('subcloud list: dcmanager\'s basic and detailed columns', () => {
  const listed: SubcloudObject = { ...shown, sync_status: 'out-of-sync', 'prestage-status': 'complete' };

  it('prints the eight basic columns, None for what is null', () => {
    expect(SUBCLOUD_LIST_COLUMNS).toEqual(['id', 'name', 'management', 'availability', 'deploy status', 'sync', 'backup status', 'prestage status']);
    const table = cells(formatList([subcloudListRow(listed)], SUBCLOUD_LIST_COLUMNS.map((c) => [c, c]), { format: 'table' }));
    expect(table).toEqual([
      [...SUBCLOUD_LIST_COLUMNS],
      ['3', 'edge-7', 'managed', 'online', 'complete', 'out-of-sync', 'None', 'complete'],
    ]);
  });

  it('shows sync as unknown when the server leaves the aggregate out, and keeps nulls in JSON', () => {
    // A dcmanager that leaves out the keys its client does not require.
    const { sync_status: _dropped, 'backup-status': _b, ...rest } = listed;
    const bare = rest as SubcloudObject;
    expect(subcloudListRow(bare)).toEqual({
      id: 3, name: 'edge-7', management: 'managed', availability: 'online', 'deploy status': 'complete',
      sync: 'unknown', 'backup status': null, 'prestage status': 'complete',
    });
    const json = JSON.parse(formatList([subcloudListRow(bare)], SUBCLOUD_LIST_COLUMNS.map((c) => [c, c]), { format: 'json' }));
    expect(json[0]).toHaveProperty(['backup status'], null);
  });

  it('puts sync after deploy_status in the detailed list (22 columns)', () => {
    expect(SUBCLOUD_DETAIL_LIST_COLUMNS).toEqual([...BASIC_DETAIL.slice(0, 8), 'sync', ...BASIC_DETAIL.slice(8)]);
    const row = detailListRow(listed);
    expect(Object.keys(row)).toEqual(SUBCLOUD_DETAIL_LIST_COLUMNS);
    expect(Object.values(row)).toEqual([
      3, 'edge-7', null, 'Ottawa', '26.03', 'managed', 'online', 'complete', 'out-of-sync', null, null, null, null, null,
      1, null, '2026-03-01 10:00:00.123456', null, null, null, 'complete', null,
    ]);
  });
});

describe('subcloud show: the detail format with one row per endpoint', () => {
  it('prints the 21 fields, the endpoint rows in the server\'s order, region_name, then url and coordinates', () => {
    const fields = subcloudShowFields(shown);
    expect(Object.keys(fields)).toEqual([
      ...BASIC_DETAIL, 'platform_sync_status', 'identity_sync_status', 'software_sync_status', 'region_name', 'url',
      'latitude', 'longitude',
    ]);
    const table = cells(formatObject(fields, { format: 'table', label: 'Field', sort: false }));
    expect(table[0]).toEqual(['Field', 'Value']);
    expect(table.slice(1, 5)).toEqual([['id', '3'], ['name', 'edge-7'], ['description', 'None'], ['location', 'Ottawa']]);
    expect(table.slice(22)).toEqual([
      ['platform_sync_status', 'out-of-sync'],
      ['identity_sync_status', 'in-sync'],
      ['software_sync_status', 'unknown'],
      ['region_name', 'edge-7'],
      ['url', 'https://10.20.0.7:6385'],
      ['latitude', '45.42'],
      ['longitude', '-75.69'],
    ]);
  });

  it('leaves out region_name when there is none, and coordinates that are null', () => {
    const fields = subcloudShowFields({ ...shown, 'region-name': '', latitude: null, longitude: null, endpoint_sync_status: [] });
    expect(Object.keys(fields)).toEqual([...BASIC_DETAIL, 'url']);
  });

  it('shows -d adds oam_floating_ip and deploy_config_sync_status only when known, region_name from the detail key', () => {
    const detail: SubcloudDetailObject = {
      ...shown,
      sync_status: 'out-of-sync',
      endpoint_sync_status: shown.endpoint_sync_status!,
      'region-name': 'ignored-here',
      oam_floating_ip: 'unavailable',
      deploy_config_sync_status: 'unknown',
      region_name: 'edge-7',
    };
    const plain = subcloudDetailShowFields(detail);
    expect(Object.keys(plain).slice(21, 25)).toEqual(['platform_sync_status', 'identity_sync_status', 'software_sync_status', 'region_name']);
    expect(plain['region_name']).toBe('edge-7');
    const known = subcloudDetailShowFields({ ...detail, oam_floating_ip: '10.20.0.7', deploy_config_sync_status: 'Deployment: configurations up-to-date' });
    expect(Object.entries(known).slice(24, 27)).toEqual([
      ['oam_floating_ip', '10.20.0.7'],
      ['deploy_config_sync_status', 'Deployment: configurations up-to-date'],
      ['region_name', 'edge-7'],
    ]);
  });

  it('ignores the detail keys in a plain show, as dcmanager\'s client does', () => {
    const fields = subcloudShowFields({ ...shown, oam_floating_ip: '10.20.0.7' } as SubcloudObject);
    expect(fields).not.toHaveProperty('oam_floating_ip');
  });
});

describe('the replies of add, update, manage, unmanage and list-subclouds', () => {
  /** A subcloud as POST /subclouds/ answers it: the stored object, no sync keys. */
  const added: SubcloudObject = {
    ...shown,
    'management-state': 'unmanaged',
    'availability-status': 'offline',
    endpoint_sync_status: undefined,
  } as SubcloudObject;

  it('prints the 21 fields without region_name nor our additions, endpoint rows when the reply has them', () => {
    const { endpoint_sync_status: _e, ...bare } = added;
    expect(bare).not.toHaveProperty('endpoint_sync_status');
    expect(Object.keys(subcloudFields(bare))).toEqual(BASIC_DETAIL);
    expect(Object.keys(subcloudFields({ ...bare, endpoint_sync_status: [{ endpoint_type: 'identity', sync_status: 'unknown' }] }))).toEqual([
      ...BASIC_DETAIL, 'identity_sync_status',
    ]);
    expect(formatObject(subcloudFields(bare), { format: 'value', columns: ['management', 'availability', 'description'] })).toBe('unmanaged offline None');
  });

  it('lists a group\'s subclouds with the 21 columns', () => {
    expect(SUBCLOUD_DETAIL_COLUMNS).toEqual(BASIC_DETAIL);
    expect(Object.keys(groupSubcloudRow(added))).toEqual(BASIC_DETAIL);
  });
});
