import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { faultOf } from './support/api-helpers.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { fmClientOf, fmQueryUrl, type FmQueryTerm, type StxClient } from './support/stx-clients.js';
import { useTestController } from './support/use-test-controller.js';

/** fmclient's `-q` operators (options.OP_LOOKUP): the text and the q.op it sends. */
const OPS: Readonly<Record<string, string>> = { '!=': 'ne', '>=': 'ge', '<=': 'le', '>': 'gt', '<': 'lt', '=': 'eq' };

/** A `-q` text split as cli_to_array splits it (the operator, then an optional `type::`). */
function terms(query: string): FmQueryTerm[] {
  return query.split(';').map((term) => {
    const [, field, op, rest] = /^(.*?)(!=|>=|<=|>|<|=)(.*)$/.exec(term)!;
    const typed = /^(string|integer|float|datetime|boolean)::(.+)$/.exec(rest!.trim());
    return { field: field!.trim(), op: OPS[op!]!, type: typed ? typed[1]! : '', value: typed ? typed[2]! : rest!.trim() };
  });
}

describe.each(testDialects())('fm -q filters as the fm client sends them on %s', (dialect) => {
  let admin: string;
  let fm: StxClient;
  const clock = createManualClock(Date.parse('2016-01-31T10:00:00Z'));

  /** `fm alarm-list -q …` (no other options): the alarm ids, as its Alarm ID column shows them. */
  const alarmList = async (query: string): Promise<string[]> => {
    const res = await fm.request('GET', fmQueryUrl('/v1/alarms', terms(query)));
    expect(res.status, res.body).toBe(200);
    const alarms = res.json().alarms as Array<Record<string, unknown>>;
    for (const a of alarms) for (const field of ['alarm_id', 'reason_text', 'entity_instance_id', 'severity', 'timestamp']) expect(a, field).toHaveProperty(field);
    return alarms.map((a) => String(a['alarm_id'])).sort();
  };
  /** `fm event-list -q …`: the event log ids, newest first as the client shows them. */
  const eventList = async (query: string, params: string[] = []): Promise<string[]> => {
    const res = await fm.request('GET', fmQueryUrl('/v1/event_log', terms(query), params));
    expect(res.status, res.body).toBe(200);
    return (res.json().event_log as Array<Record<string, unknown>>).map((e) => String(e['event_log_id']));
  };

  const t = useTestController(dialect, { clock });
  beforeAll(async () => {
    admin = await t.adminToken();
    fm = fmClientOf(t, () => admin);
    const raiser = fmClient(t, () => admin);
    const at = async (iso: string, alarmId: string, entity: string, severity: string) => {
      clock.set(Date.parse(iso));
      // Tokens live an hour on the controller clock.
      admin = await t.adminToken();
      await raiser.raise(alarmId, entity, severity);
    };
    await at('2016-01-31T10:00:00Z', '100.101', 'host=a', 'major');
    await at('2016-01-31T10:23:45Z', '100.103', 'host=b', 'critical');
    await at('2016-06-01T00:00:00Z', '100.114', 'host=c', 'minor');
    await at('2017-12-25T00:00:00Z', '100.119', 'host=d', 'warning');
    await at('2017-12-26T00:00:00.500Z', '250.001', 'host=e', 'major');
  });

  it("takes ISO 8601 basic times in start and end, as the fm event-list help's example writes them", async () => {
    // fm event-list -q 'start=20160131 10:23:45;end=20171225'
    expect(fmQueryUrl('/v1/event_log', terms('start=20160131 10:23:45;end=20171225'))).toBe(
      '/v1/event_log?q.field=start&q.field=end&q.op=eq&q.op=eq&q.type=&q.type=&q.value=20160131+10%3A23%3A45&q.value=20171225',
    );
    expect(await eventList('start=20160131 10:23:45;end=20171225')).toEqual(['100.119', '100.114', '100.103']);
    expect(await eventList('start=2016-01-31T10:23:45Z')).toEqual(['250.001', '100.119', '100.114', '100.103']);
    expect(await eventList('start=20160131T1023;end=2016-01-31 10:23:45.000001', ['alarms=True'])).toEqual(['100.103']);
    expect(await eventList('end=20160131 12:00:00+02:00')).toEqual(['100.101']);
    for (const bad of ['start=yesterday', 'end=201601', 'start=20160230']) {
      const res = await fm.request('GET', fmQueryUrl('/v1/event_log', terms(bad)));
      expect(res.status, bad).toBe(400);
      expect(faultOf(res).faultstring).toMatch(/^Invalid date '.*' specified for (start|end)/);
    }
  });

  it('honours every operator the alarm-list -q help lists, on severities by how severe they are', async () => {
    expect(fmQueryUrl('/v1/alarms', terms('severity>=major'))).toBe('/v1/alarms?q.field=severity&q.op=ge&q.type=&q.value=major');
    expect(await alarmList('severity>=major')).toEqual(['100.101', '100.103', '250.001']);
    expect(await alarmList('severity>major')).toEqual(['100.103']);
    expect(await alarmList('severity<=minor')).toEqual(['100.114', '100.119']);
    expect(await alarmList('severity<minor')).toEqual(['100.119']);
    expect(await alarmList('severity!=major')).toEqual(['100.103', '100.114', '100.119']);
    // = is fm's own filter: the field contains the value.
    expect(await alarmList('severity=maj')).toEqual(['100.101', '250.001']);
    expect(await alarmList('entity_instance_id!=host=a')).toEqual(['100.103', '100.114', '100.119', '250.001']);
  });

  it('compares other fields by value, with or without a data type, combining terms', async () => {
    expect(await alarmList('alarm_id<100.114')).toEqual(['100.101', '100.103']);
    expect(await alarmList('alarm_id>=100.114;alarm_id<=100.119')).toEqual(['100.114', '100.119']);
    expect(await alarmList('alarm_id>100.119')).toEqual(['250.001']);
    expect(await alarmList('alarm_id=string::100.103')).toEqual(['100.103']);
    expect(await alarmList('alarm_id>=string::100.119;severity<=major')).toEqual(['100.119', '250.001']);
    expect(await eventList('start>20160131 10:23:45')).toEqual(['250.001', '100.119', '100.114']);
    expect(await eventList('end<20160131 10:23:45')).toEqual(['100.101']);
    expect(await eventList('severity>=critical', ['alarms=True'])).toEqual(['100.103']);
  });

  it('refuses an operator fmclient never sends, and an ordering of a severity that is not one', async () => {
    const like = await fm.request('GET', '/v1/alarms?q.field=severity&q.op=like&q.type=&q.value=major');
    expect(like.status).toBe(400);
    expect(faultOf(like).faultstring).toBe('q.op like is not one of eq, ne, lt, le, gt, ge');
    const res = await fm.request('GET', fmQueryUrl('/v1/alarms', terms('severity>=maj')));
    expect(res.status).toBe(400);
    expect(faultOf(res).faultstring).toContain('must be one of critical, major, minor, warning');
  });
});
