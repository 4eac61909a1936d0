import { describe, expect, it } from 'vitest';
import { parseIsoTime, sysinvTime } from '@murmuration/core/common';
import { boundTest, textTest } from '@murmuration/core/fault';

describe('wire times', () => {
  it('writes sysinv and fm times in UTC with microseconds and the +00:00 zone, fraction or not', () => {
    expect(sysinvTime(Date.parse('2026-05-01T08:00:00.250Z'))).toBe('2026-05-01T08:00:00.250000+00:00');
    expect(sysinvTime(Date.parse('2026-05-01T08:00:00Z'))).toBe('2026-05-01T08:00:00.000000+00:00');
  });

  it.each([
    ['20160131 10:23:45', '2016-01-31T10:23:45.000Z'],
    ['20171225', '2017-12-25T00:00:00.000Z'],
    ['2017-12-25', '2017-12-25T00:00:00.000Z'],
    ['2017-12', '2017-12-01T00:00:00.000Z'],
    ['2017', '2017-01-01T00:00:00.000Z'],
    ['2016-1-3', '2016-01-03T00:00:00.000Z'],
    ['20160131T102345', '2016-01-31T10:23:45.000Z'],
    ['20160131T1023', '2016-01-31T10:23:00.000Z'],
    ['2016-01-31 10', '2016-01-31T10:00:00.000Z'],
    ['2016-01-31T10:23:45.123456', '2016-01-31T10:23:45.123Z'],
    ['2016-01-31T10:23:45,5', '2016-01-31T10:23:45.500Z'],
    ['2016-01-31T10:23:45Z', '2016-01-31T10:23:45.000Z'],
    ['2016-01-31T10:23:45+02:00', '2016-01-31T08:23:45.000Z'],
    ['2016-01-31T10:23:45-0530', '2016-01-31T15:53:45.000Z'],
    ['2016-01-31T10:23:45+02', '2016-01-31T08:23:45.000Z'],
    ['2026-05-01T08:00:00.250000+00:00', '2026-05-01T08:00:00.250Z'],
  ])('reads %s as iso8601 does', (text, iso) => {
    expect(new Date(parseIsoTime(text)!).toISOString()).toBe(iso);
  });

  it.each(['201601', '2016-13-01', '2016-02-30', '20160131 24:00:00', '2016-01-31T10:60', 'yesterday', '', '2016-01-31T', '16-01-31', '2016-01-31 10:23:45 '])(
    'refuses %j',
    (text) => {
      expect(parseIsoTime(text)).toBeNull();
    },
  );
});

describe('fm filter operators', () => {
  it('reads eq as fm does (contains, or equals for exact fields) and ne as its negation', () => {
    expect(textTest('alarm_id', 'text', 'eq', '100.')).toEqual({ op: 'contains', value: '100.' });
    expect(textTest('alarm_id', 'text', 'ne', '100.')).toEqual({ op: 'excludes', value: '100.' });
    expect(textTest('uuid', 'exact', 'eq', 'u')).toEqual({ op: '=', value: 'u' });
    expect(textTest('uuid', 'exact', 'ne', 'u')).toEqual({ op: '<>', value: 'u' });
  });

  it('orders text by value and severities by how severe they are', () => {
    expect(textTest('alarm_id', 'text', 'ge', '200.000')).toEqual({ op: '>=', value: '200.000' });
    expect(textTest('severity', 'severity', 'ge', 'major')).toEqual({ op: 'in', values: ['critical', 'major'] });
    expect(textTest('severity', 'severity', 'lt', 'major')).toEqual({ op: 'in', values: ['minor', 'warning'] });
    expect(textTest('severity', 'severity', 'gt', 'critical')).toEqual({ op: 'in', values: [] });
    expect(() => textTest('severity', 'severity', 'gt', 'maj')).toThrow(/must be one of critical, major, minor, warning/);
  });

  it('reads start and end as bounds, and other operators as comparisons of the time', () => {
    expect(boundTest('start', 'eq', 5)).toEqual({ op: '>=', value: 5 });
    expect(boundTest('end', 'eq', 5)).toEqual({ op: '<=', value: 5 });
    expect(boundTest('start', 'gt', 5)).toEqual({ op: '>', value: 5 });
    expect(boundTest('end', 'ne', 5)).toEqual({ op: '<>', value: 5 });
  });
});
