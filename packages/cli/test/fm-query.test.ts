import { describe, expect, it } from 'vitest';
import { alarmListColumns } from '../src/commands/fm-alarm-commands.js';
import { parseFmQuery } from '../src/commands/fm-query.js';
import { markSuppressed, sortRows } from '../src/commands/fm-table.js';
import { UsageError } from '../src/usage-error.js';

describe('parseFmQuery (fmclient cli_to_array)', () => {
  it('splits terms at ";" and each at its first operator, two-character operators first', () => {
    expect(parseFmQuery('alarm_id=100.101;severity!=major;start>=2026-01-01;end<=x;a>1;b<2')).toEqual([
      { field: 'alarm_id', op: 'eq', type: '', value: '100.101' },
      { field: 'severity', op: 'ne', type: '', value: 'major' },
      { field: 'start', op: 'ge', type: '', value: '2026-01-01' },
      { field: 'end', op: 'le', type: '', value: 'x' },
      { field: 'a', op: 'gt', type: '', value: '1' },
      { field: 'b', op: 'lt', type: '', value: '2' },
    ]);
  });

  it('keeps later operators in the value and reads an optional type:: prefix', () => {
    expect(parseFmQuery('entity_instance_id=host=controller-0')).toEqual([{ field: 'entity_instance_id', op: 'eq', type: '', value: 'host=controller-0' }]);
    expect(parseFmQuery('suppression_status=string::suppressed')).toEqual([{ field: 'suppression_status', op: 'eq', type: 'string', value: 'suppressed' }]);
    expect(parseFmQuery('x=text::y')).toEqual([{ field: 'x', op: 'eq', type: '', value: 'text::y' }]);
  });

  it('names the term and what it lacks, as a usage error', () => {
    expect(() => parseFmQuery('alarm_id')).toThrow(new UsageError('invalid query alarm_id: missing operator'));
    expect(() => parseFmQuery('=100.101')).toThrow('invalid query =100.101: missing field');
    expect(() => parseFmQuery('alarm_id=')).toThrow('invalid query alarm_id=: missing value');
    expect(() => parseFmQuery('a=1;')).toThrow('invalid query : missing operator');
  });
});

describe('fm listings', () => {
  it('places --uuid, --mgmt_affecting and --degrade_affecting columns where fm does', () => {
    const headers = (flags: Parameters<typeof alarmListColumns>[0]) => alarmListColumns(flags).map(([h]) => h);
    expect(headers({})).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Time Stamp']);
    expect(headers({ mgmt_affecting: true, degrade_affecting: true })).toEqual([
      'Alarm ID',
      'Reason Text',
      'Entity ID',
      'Severity',
      'Management Affecting',
      'Degrade Affecting',
      'Time Stamp',
    ]);
    expect(headers({ uuid: true, mgmt_affecting: true })).toEqual(['UUID', 'Alarm ID', 'Reason Text', 'Entity ID', 'Management Affecting', 'Severity', 'Time Stamp']);
    expect(headers({ degrade_affecting: true })).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Time Stamp', 'Degrade Affecting']);
  });

  it('sorts by one column, ties by the row from its first column, as prettytable does', () => {
    const columns: Array<[string, string]> = [
      ['Event ID', 'id'],
      ['Status', 'status'],
    ];
    const rows = [
      { id: '100.103', status: 'unsuppressed' },
      { id: '100.102', status: 'suppressed' },
      { id: '100.101', status: 'unsuppressed' },
    ];
    expect(sortRows(rows, columns, 'status').map((r) => r.id)).toEqual(['100.102', '100.101', '100.103']);
    expect(sortRows(rows, columns, 'status', true).map((r) => r.id)).toEqual(['100.103', '100.101', '100.102']);
  });

  it('marks suppressed ids', () => {
    expect(markSuppressed('100.101', 'suppressed')).toBe('S(100.101)');
    expect(markSuppressed('100.101', 'unsuppressed')).toBe('100.101');
    expect(markSuppressed('200.021', 'None')).toBe('200.021');
  });
});
