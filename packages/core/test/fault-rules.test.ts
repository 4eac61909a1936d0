import { describe, expect, it } from 'vitest';
import { parseDuration } from '@murmuration/core/common';
import {
  buildAlarmSet, compileSilence, entityTypeOf, formatMatcher, isBelow, parseMatcher, planAlarmChanges, silenceState,
  summaryStatus, type AlarmRecord, type SilenceRecord,
} from '@murmuration/core/fault';

function counter(): () => string {
  let n = 0;
  return () => `u-${++n}`;
}

const set = (alarmId: string, entity: string, severity: string) => ({ kind: 'set' as const, alarm: buildAlarmSet({ alarmId, entityInstanceId: entity, severity }) });

describe('planAlarmChanges', () => {
  it('creates, re-raises in place, and clears, one event record per set and clear', () => {
    const plan = planAlarmChanges(
      [set('100.101', 'host=a', 'major'), set('100.101', 'host=a', 'critical'), { kind: 'clear', alarmId: '100.101', entityInstanceId: 'host=b' }],
      [],
      counter(),
      1000,
    );
    expect(plan.results.map((r) => r.kind)).toEqual(['set', 'set', 'clear']);
    const [first, second] = plan.results as Array<{ kind: 'set'; alarm: AlarmRecord; created: boolean }>;
    expect(first!.created).toBe(true);
    expect(second!.created).toBe(false);
    expect(second!.alarm.uuid).toBe(first!.alarm.uuid);
    expect(plan.events.map((e) => [e.state, e.severity, e.previousSeverity])).toEqual([
      ['set', 'major', null],
      ['set', 'critical', 'major'],
    ]);
    expect(plan.upserts).toHaveLength(1);
    expect(plan.upserts[0]!.severity).toBe('critical');
    expect(plan.removals).toEqual([]);
  });

  it('a set, clear and set of the same alarm in one group ends with a new alarm replacing the stored one', () => {
    const stored = (planAlarmChanges([set('200.006', 'host=a.process=x', 'major')], [], () => 'old', 0).results[0] as { alarm: AlarmRecord }).alarm;
    const plan = planAlarmChanges(
      [{ kind: 'clear', alarmId: '200.006', entityInstanceId: 'host=a.process=x' }, set('200.006', 'host=a.process=x', 'minor')],
      [stored],
      counter(),
      5,
    );
    expect(plan.removals).toEqual(['old']);
    expect(plan.upserts.map((a) => [a.uuid, a.severity])).toEqual([['u-2', 'minor']]);
    expect(plan.events.map((e) => [e.state, e.alarmUuid])).toEqual([
      ['clear', 'old'],
      ['set', 'u-2'],
    ]);
  });

  it('clears a whole entity tree, optionally only some ids, and never a sibling with a longer name', () => {
    const stored = ['host=a', 'host=a.port=p1', 'host=a.process=x', 'host=ab'].map(
      (entity, i) => (planAlarmChanges([set(i === 0 ? '200.004' : '200.006', entity, i === 0 ? 'critical' : 'major')], [], () => `s${i}`, 0).results[0] as { alarm: AlarmRecord }).alarm,
    );
    const some = planAlarmChanges([{ kind: 'clear-tree', entityInstanceId: 'host=a', alarmIds: ['200.006'] }], stored, counter(), 1);
    expect(some.removals.sort()).toEqual(['s1', 's2']);
    const all = planAlarmChanges([{ kind: 'clear-tree', entityInstanceId: 'host=a', alarmIds: null }], stored, counter(), 1);
    expect(all.removals.sort()).toEqual(['s0', 's1', 's2']);
  });
});

describe('alarm rules', () => {
  it('derives entity types and the below relation from dotted key=value parts', () => {
    expect(entityTypeOf('host=compute-1.process=sm')).toBe('host.process');
    expect(entityTypeOf('host=compute-1.ntp=10.0.0.1')).toBe('host.ntp');
    expect(isBelow('host=a.port=p', 'host=a')).toBe(true);
    expect(isBelow('host=ab.port=p', 'host=a')).toBe(false);
    expect(isBelow('host=a', 'host=a')).toBe(false);
  });

  it('fills a raise from the catalogue and refuses what it does not allow', () => {
    expect(buildAlarmSet({ alarmId: '200.001', entityInstanceId: 'host=a', severity: 'warning' })).toMatchObject({ inhibitsBelow: true, entityTypeId: 'host' });
    expect(() => buildAlarmSet({ alarmId: '200.001', entityInstanceId: 'host=a', severity: 'critical' })).toThrow(/not allowed for 200.001/);
    expect(() => buildAlarmSet({ alarmId: '100.101', entityInstanceId: 'host=\u0001', severity: 'major' })).toThrow(/control characters/);
  });

  it('computes fm summary status', () => {
    expect(summaryStatus({ critical: 0, major: 0, minor: 0, warnings: 3 })).toBe('OK');
    expect(summaryStatus({ critical: 0, major: 0, minor: 1, warnings: 0 })).toBe('degraded');
    expect(summaryStatus({ critical: 1, major: 0, minor: 0, warnings: 0 })).toBe('critical');
  });

  it('reads durations', () => {
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('0s')).toThrow(/not a duration/);
    expect(() => parseDuration('2 hours')).toThrow(/not a duration/);
  });
});

describe('silences', () => {
  const alarm = { alarmId: '100.101', entityInstanceId: 'host=compute-3', entityTypeId: 'host', severity: 'major' as const };
  const silence = (text: string[]): SilenceRecord => ({
    uuid: 's',
    matchers: text.map(parseMatcher),
    createdBy: 'ops',
    comment: 'c',
    startsAt: 100,
    endsAt: 200,
    createdAt: 0,
  });

  it('parses and formats the four matcher operators', () => {
    for (const text of ['alarm_id=100.101', 'severity!=critical', 'entity_instance_id=~host=compute-.*', 'entity_type_id!~host\\..*']) {
      expect(formatMatcher(parseMatcher(text))).toBe(text);
    }
    expect(() => parseMatcher('nothing')).toThrow(/is not of the form/);
  });

  it('mutes an alarm only when every matcher matches the whole field', () => {
    expect(compileSilence(silence(['alarm_id=100.101', 'entity_instance_id=~host=compute-[0-9]'])).mutes(alarm)).toBe(true);
    expect(compileSilence(silence(['entity_instance_id=~compute'])).mutes(alarm)).toBe(false);
    expect(compileSilence(silence(['alarm_id=100.101', 'severity!=major'])).mutes(alarm)).toBe(false);
    expect(compileSilence(silence(['entity_instance_id!~host=controller-.*'])).mutes(alarm)).toBe(true);
  });

  it('is pending, active, then expired', () => {
    const s = silence(['alarm_id=100.101']);
    expect([50, 150, 200].map((now) => silenceState(s, now))).toEqual(['pending', 'active', 'expired']);
  });
});
