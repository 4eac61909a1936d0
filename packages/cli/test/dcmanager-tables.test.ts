import type { DcAlarmSummary, DcFleetCount } from '@murmuration/client';
import type { SubcloudGroupObject } from '@murmuration/core/contract/dcmanager';
import {
  ALARM_SUMMARY_COLUMNS, alarmSummaryRow, fleetRows, formatList, formatObject, GROUP_LIST_COLUMNS, groupFields,
  groupListRow,
} from '@murmuration/cli';
import { describe, expect, it } from 'vitest';
import { asColumns, cells } from './support/table-cells.js';


describe('subcloud-group: dcmanager\'s columns', () => {
  /** As GET /subcloud-groups/ answers it (with the count dcmanager adds to lists). */
  const group: SubcloudGroupObject = {
    id: 2,
    name: 'far-east',
    description: 'No description provided',
    update_apply_type: 'serial',
    max_parallel_subclouds: 7,
    'created-at': '2026-03-01 10:00:00.5',
    'updated-at': null,
    subcloud_count: 4,
  };

  it('lists id, name, description', () => {
    expect(cells(formatList([groupListRow(group)], asColumns(GROUP_LIST_COLUMNS), { format: 'table' }))).toEqual([
      ['id', 'name', 'description'],
      ['2', 'far-east', 'No description provided'],
    ]);
  });

  it('shows the seven fields in dcmanager\'s order, with the spaces in their names', () => {
    const table = cells(formatObject(groupFields(group), { format: 'table', label: 'Field', sort: false }));
    expect(table).toEqual([
      ['Field', 'Value'],
      ['id', '2'],
      ['name', 'far-east'],
      ['description', 'No description provided'],
      ['update apply type', 'serial'],
      ['max parallel subclouds', '7'],
      ['created_at', '2026-03-01 10:00:00.5'],
      ['updated_at', 'None'],
    ]);
  });

  it('prints max parallel subclouds as a create reply of dcmanager echoes it (as sent: text)', () => {
    const echoed = { ...group, max_parallel_subclouds: '7' } as unknown as SubcloudGroupObject;
    expect(groupFields(echoed)['max parallel subclouds']).toBe('7');
  });
});

describe('alarm summary: NAME, the four counts and STATUS', () => {
  const rows: DcAlarmSummary[] = [
    { region_name: 'edge-9', uuid: 'u9', critical_alarms: -1, major_alarms: -1, minor_alarms: -1, warnings: -1, cloud_status: 'disabled' },
    { region_name: 'edge-8', uuid: 'u8', critical_alarms: 0, major_alarms: 2, minor_alarms: 0, warnings: 5, cloud_status: 'degraded' },
    { region_name: '', uuid: 'u7', critical_alarms: 1, major_alarms: 0, minor_alarms: 0, warnings: 0, cloud_status: 'critical' },
  ];

  it('prints negative counts as -, an empty name as -, and keeps the server\'s order', () => {
    expect(ALARM_SUMMARY_COLUMNS).toEqual(['NAME', 'CRITICAL_ALARMS', 'MAJOR_ALARMS', 'MINOR_ALARMS', 'WARNINGS', 'STATUS']);
    expect(cells(formatList(rows.map(alarmSummaryRow), asColumns(ALARM_SUMMARY_COLUMNS), { format: 'table' }))).toEqual([
      [...ALARM_SUMMARY_COLUMNS],
      ['edge-9', '-', '-', '-', '-', 'disabled'],
      ['edge-8', '0', '2', '0', '5', 'degraded'],
      ['-', '1', '0', '0', '0', 'critical'],
    ]);
  });

  it('keeps counts as numbers in JSON', () => {
    const json = JSON.parse(formatList(rows.map(alarmSummaryRow), asColumns(ALARM_SUMMARY_COLUMNS), { format: 'json' }));
    expect(json[1]).toEqual({ NAME: 'edge-8', CRITICAL_ALARMS: 0, MAJOR_ALARMS: 2, MINOR_ALARMS: 0, WARNINGS: 5, STATUS: 'degraded' });
    expect(json[0].CRITICAL_ALARMS).toBe('-');
  });
});

describe('fleet summary: counts by management, availability and sync', () => {
  const count = (m: string, a: string, s: string, n: number) =>
    ({ management_state: m, availability_status: a, sync_status: s, count: n }) as DcFleetCount;
  const counts = [
    count('unmanaged', 'offline', 'unknown', 3),
    count('managed', 'online', 'out-of-sync', 2),
    count('managed', 'offline', 'unknown', 1),
    count('managed', 'online', 'in-sync', 90_000),
    count('managed', 'online', 'unknown', 0),
  ];

  it('shows one row per combination that has subclouds, in the order of the states', () => {
    expect(fleetRows(counts)).toEqual([
      { management: 'managed', availability: 'online', sync: 'in-sync', count: 90_000 },
      { management: 'managed', availability: 'online', sync: 'out-of-sync', count: 2 },
      { management: 'managed', availability: 'offline', sync: 'unknown', count: 1 },
      { management: 'unmanaged', availability: 'offline', sync: 'unknown', count: 3 },
    ]);
  });

  it('adds up the counts of the states asked for', () => {
    expect(fleetRows(counts, ['availability'])).toEqual([
      { availability: 'online', count: 90_002 },
      { availability: 'offline', count: 4 },
    ]);
    expect(fleetRows(counts, ['sync', 'management'])).toEqual([
      { sync: 'in-sync', management: 'managed', count: 90_000 },
      { sync: 'out-of-sync', management: 'managed', count: 2 },
      { sync: 'unknown', management: 'managed', count: 1 },
      { sync: 'unknown', management: 'unmanaged', count: 3 },
    ]);
    expect(fleetRows([], ['sync'])).toEqual([]);
  });
});
