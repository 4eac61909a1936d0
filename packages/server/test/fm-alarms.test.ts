import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, faultOf } from './support/api-helpers.js';
import { alarmBody, fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { useTestController } from './support/use-test-controller.js';

const FM_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/;
const LIST_FIELDS = ['uuid', 'alarm_id', 'entity_instance_id', 'severity', 'timestamp', 'reason_text', 'suppression_status', 'mgmt_affecting', 'degrade_affecting'];
const SHOW_FIELDS = [
  'uuid', 'alarm_id', 'alarm_state', 'entity_type_id', 'entity_instance_id', 'timestamp', 'severity', 'reason_text', 'alarm_type',
  'probable_cause', 'proposed_repair_action', 'service_affecting', 'suppression', 'suppression_status', 'mgmt_affecting', 'degrade_affecting',
];
const EVENT_FIELDS = [
  'uuid', 'event_log_id', 'state', 'entity_type_id', 'entity_instance_id', 'timestamp', 'severity', 'reason_text', 'event_log_type',
  'probable_cause', 'proposed_repair_action', 'service_affecting', 'suppression', 'suppression_status',
];

describe.each(testDialects())('fm alarms and event log on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-05-01T08:00:00.250Z'));
  let admin: string;

  const t = useTestController(dialect, { clock });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  /** Every active alarm has a `set` record as its latest event, with the same severity and reason. */
  async function expectTablesAgree(): Promise<void> {
    const alarms = await fm.alarms('include_suppress=True&expand=True');
    const events = await fm.events('alarms=True&include_suppress=True&expand=True&limit=10000');
    const latest = new Map<string, Record<string, unknown>>();
    for (const e of events) {
      const key = `${e['event_log_id']}|${e['entity_instance_id']}`;
      if (!latest.has(key)) latest.set(key, e);
    }
    const active = new Set(alarms.map((a) => `${a['alarm_id']}|${a['entity_instance_id']}`));
    for (const a of alarms) {
      const e = latest.get(`${a['alarm_id']}|${a['entity_instance_id']}`);
      expect(e?.['state']).toBe('set');
      expect(e?.['severity']).toBe(a['severity']);
      expect(e?.['reason_text']).toBe(a['reason_text']);
    }
    for (const [key, e] of latest) if (!active.has(key)) expect(e['state']).toBe('clear');
  }

  describe('raise, re-raise, clear, delete', () => {
    it('raises an alarm: fm replies with a JSON string holding the uuid, and lists the short field set', async () => {
      const res = await fm.post(alarmBody('100.101', 'host=controller-0', 'major'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatch(/^"\{\\"uuid\\": \\"[0-9a-f-]{36}\\"\}"$/);
      const uuid = JSON.parse(JSON.parse(res.body) as string).uuid as string;

      const list = await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=host=controller-0');
      expect(list).toHaveLength(1);
      expect(Object.keys(list[0]!)).toEqual(LIST_FIELDS);
      expect(list[0]).toMatchObject({
        uuid,
        alarm_id: '100.101',
        severity: 'major',
        suppression_status: 'unsuppressed',
        mgmt_affecting: 'True',
        degrade_affecting: 'False',
      });
      expect(list[0]!['timestamp']).toMatch(FM_TIME);
      expect(list[0]!['timestamp']).toBe('2026-05-01T08:00:00.250000+00:00');

      const show = (await fm.get(`/fm/v1/alarms/${uuid}`)).json();
      expect(Object.keys(show)).toEqual(SHOW_FIELDS);
      expect(show).toMatchObject({
        alarm_state: 'set',
        entity_type_id: 'host',
        alarm_type: 'operational-violation',
        probable_cause: 'threshold-crossed',
        service_affecting: false,
        suppression: true,
      });
      await expectTablesAgree();
    });

    it('re-raising the same alarm id on the same entity updates it in place and logs another set', async () => {
      const first = (await fm.alarms('q.field=alarm_id&q.value=100.101'))[0]!;
      clock.advance(1500);
      const uuid = await fm.raise('100.101', 'host=controller-0', 'critical', { reason_text: 'CPU at 97%' });
      expect(uuid).toBe(first['uuid']);
      const list = await fm.alarms('q.field=alarm_id&q.value=100.101');
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ severity: 'critical', reason_text: 'CPU at 97%', timestamp: '2026-05-01T08:00:01.750000+00:00', degrade_affecting: 'True' });
      const sets = await fm.events('q.field=event_log_id&q.value=100.101');
      expect(sets.map((e) => [e['state'], e['severity']])).toEqual([
        ['set', 'critical'],
        ['set', 'major'],
      ]);
      await expectTablesAgree();
    });

    it('clears by (alarm id, entity): the alarm goes, a clear record keeps its severity and reason', async () => {
      const uuid = (await fm.alarms('q.field=alarm_id&q.value=100.101'))[0]!['uuid'];
      clock.advance(1000);
      const res = await fm.clear('100.101', 'host=controller-0');
      expect(JSON.parse(res.json<string>()).uuid).toBe(uuid);
      expect(await fm.alarms('q.field=alarm_id&q.value=100.101')).toEqual([]);
      const events = await fm.events('q.field=event_log_id&q.value=100.101&expand=True');
      expect(Object.keys(events[0]!)).toEqual(EVENT_FIELDS);
      expect(events[0]).toMatchObject({ state: 'clear', severity: 'critical', reason_text: 'CPU at 97%', entity_instance_id: 'host=controller-0' });
      await expectTablesAgree();
    });

    it('clearing an alarm that is not active is a 404 and writes nothing', async () => {
      const before = (await fm.events('limit=10000')).length;
      const res = await fm.clear('100.101', 'host=controller-0');
      expect(res.status).toBe(404);
      expect(faultOf(res).faultstring).toMatch(/not active/);
      expect((await fm.events('limit=10000')).length).toBe(before);
    });

    it('deletes by uuid with 204 and records the clear; an unknown uuid is a 404', async () => {
      const uuid = await fm.raise('200.006', 'host=compute-1.process=sshd', 'minor');
      const del = await t.request({ method: 'DELETE', url: `/fm/v1/alarms/${uuid}`, token: admin });
      expect(del.status).toBe(204);
      expect(del.body).toBe('');
      expect((await fm.get(`/fm/v1/alarms/${uuid}`)).status).toBe(404);
      expect((await fm.events('q.field=event_log_id&q.value=200.006'))[0]).toMatchObject({ state: 'clear', severity: 'minor' });
      const again = await t.request({ method: 'DELETE', url: `/fm/v1/alarms/${uuid}`, token: admin });
      expect(again.status).toBe(404);
      expect(faultOf(again).faultstring).toBe(`Alarm ${uuid} could not be found.`);
      await expectTablesAgree();
    });

    it('logs an event without touching the alarm table; the log carries suppression status "None"', async () => {
      const res = await fm.post({ alarm_id: '200.022', alarm_state: 'log', entity_instance_id: 'host=compute-1', severity: 'warning', reason_text: 'compute-1 is now online' });
      expect(res.status).toBe(200);
      const logs = await fm.events('logs=True');
      expect(logs[0]).toMatchObject({ event_log_id: '200.022', state: 'log', suppression_status: 'None', reason_text: 'compute-1 is now online' });
      expect((await fm.events('alarms=True')).every((e) => e['state'] !== 'log')).toBe(true);
    });

    it('writes an audit entry for an external raise, in the same commit', async () => {
      await fm.raise('100.104', 'host=controller-0.filesystem=/var', 'major');
      const entries = await auditEntries(t, admin, 'limit=5');
      expect(entries.find((e) => e.path === '/fm/v1/alarms' && e.target === 'alarm/100.104/host=controller-0.filesystem=/var')).toMatchObject({ outcome: 200, method: 'POST' });
    });
  });

  describe('refuses bad input with a 400 naming the field, and changes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an unknown alarm id', alarmBody('999.999', 'host=a', 'major'), /alarm_id 999\.999 is not in the alarm catalogue/],
      ['an alarm id that lost its trailing zero', alarmBody('100.11', 'host=a', 'major'), /not of the form NNN.NNN/],
      ['a severity the id does not allow', alarmBody('200.004', 'host=a', 'minor'), /severity minor is not allowed for 200\.004/],
      ['a severity that does not exist', alarmBody('100.101', 'host=a', 'fatal'), /severity "fatal" is not one of/],
      ['an empty entity id', alarmBody('100.101', '', 'major'), /entity_instance_id is required/],
      ['setting a log id', alarmBody('200.022', 'host=a', 'warning'), /is a log, not an alarm/],
      ['an unknown state', { ...alarmBody('100.101', 'host=a', 'major'), alarm_state: 'raise' }, /alarm_state raise is not one of/],
      ['an unknown field', { ...alarmBody('100.101', 'host=a', 'major'), colour: 'red' }, /unknown field 'colour'/],
      ['a missing entity', { alarm_id: '100.101', alarm_state: 'set', severity: 'major' }, /entity_instance_id/],
      ['an unknown alarm type', alarmBody('100.101', 'host=a', 'major', { alarm_type: 'weather' }), /alarm_type "weather"/],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      const alarms = (await fm.alarms('include_suppress=True')).length;
      const events = (await fm.events('limit=10000')).length;
      const res = await fm.post(body);
      expect(res.status).toBe(400);
      expect(faultOf(res).faultstring).toMatch(message);
      expect((await fm.alarms('include_suppress=True')).length).toBe(alarms);
      expect((await fm.events('limit=10000')).length).toBe(events);
    });

    it.each([
      ['q.field=colour&q.op=eq&q.value=red', /q.field colour is not a filter/],
      ['q.field=severity&q.op=like&q.value=major', /q.op like is not one of eq, ne, lt, le, gt, ge/],
      ['q.field=severity&q.op=ge&q.value=maj', /must be one of critical, major, minor, warning/],
      ['q.field=severity&q.field=alarm_id&q.value=major', /every q.field needs a q.value/],
      ['sort_dir=up', /Invalid sort direction: up/],
      ['sort_key=colour', /sort_key colour is not sortable/],
      ['limit=-1', /limit/],
      ['bogus=1', /unknown field 'bogus'/],
    ])('a malformed alarm query %s', async (query, message) => {
      const res = await fm.get(`/fm/v1/alarms?${query}`);
      expect(res.status).toBe(400);
      expect(faultOf(res).faultstring).toMatch(message);
    });
  });

  describe('filters, paging, sorting and the summary', () => {
    beforeAll(async () => {
      await fm.raise('100.103', 'host=compute-2.memory=total', 'critical');
      await fm.raise('100.103', 'host=compute-3.memory=total', 'major');
      await fm.raise('200.005', 'host=compute-2', 'major');
      await fm.raise('250.001', 'host=compute-3', 'major');
      await fm.raise('100.114', 'host=compute-2.ntp', 'minor');
    });

    it('filters with substring matches as fm does, combining fields', async () => {
      expect((await fm.alarms('q.field=entity_instance_id&q.op=eq&q.value=compute-2')).map((a) => a['alarm_id']).sort()).toEqual(['100.103', '100.114', '200.005']);
      const both = await fm.alarms('q.field=entity_instance_id&q.field=severity&q.op=eq&q.op=eq&q.value=compute-2&q.value=major');
      expect(both.map((a) => a['alarm_id'])).toEqual(['200.005']);
    });

    it('sorts by severity, then entity, by default; honours sort_key and sort_dir', async () => {
      const list = await fm.alarms();
      const ranks = list.map((a) => ['critical', 'major', 'minor', 'warning'].indexOf(a['severity'] as string));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      const byTime = await fm.alarms('sort_key=timestamp&sort_dir=desc');
      const times = byTime.map((a) => a['timestamp'] as string);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('pages with limit, next and marker, without losing or repeating an alarm', async () => {
      const all = (await fm.alarms()).map((a) => a['uuid']);
      const seen: unknown[] = [];
      let url: string | null = '/fm/v1/alarms?limit=2';
      while (url) {
        const res = await fm.get(url);
        const body = res.json();
        seen.push(...body.alarms.map((a: { uuid: string }) => a.uuid));
        url = body.next ? new URL(body.next).pathname + new URL(body.next).search : null;
        expect(body.alarms.length).toBeLessThanOrEqual(2);
      }
      expect(seen).toEqual(all);
      expect((await fm.get('/fm/v1/alarms?marker=00000000-0000-0000-0000-000000000000')).status).toBe(404);
    });

    it('summarizes by severity with fm status', async () => {
      const res = await fm.get('/fm/v1/alarms/summary');
      const alarms = await fm.alarms();
      const n = (s: string) => alarms.filter((a) => a['severity'] === s).length;
      expect(res.json()).toEqual({ critical: n('critical'), major: n('major'), minor: n('minor'), warnings: n('warning'), status: 'critical' });
    });

    it('lists the event log newest first, pages it, and filters alarms from logs', async () => {
      const page1 = (await fm.get('/fm/v1/event_log?limit=3')).json();
      expect(page1.event_log).toHaveLength(3);
      expect(page1.next).toMatch(/marker=/);
      const page2 = (await fm.get(new URL(page1.next).pathname + new URL(page1.next).search)).json();
      const all = await fm.events('limit=6');
      expect([...page1.event_log, ...page2.event_log.slice(0, 3)].map((e: { uuid: string }) => e.uuid)).toEqual(all.map((e) => e['uuid']));
      expect(Object.keys(all[0]!)).toEqual(['uuid', 'event_log_id', 'state', 'entity_instance_id', 'severity', 'timestamp', 'reason_text', 'suppression_status']);
    });
  });

  describe('suppression', () => {
    let entry: { uuid: string };
    beforeEach(async () => {
      const list = (await fm.get('/fm/v1/event_suppression')).json().event_suppression as Array<{ uuid: string; alarm_id: string }>;
      entry = list.find((s) => s.alarm_id === '100.103')!;
    });

    it('lists one entry per alarm id, none for logs', async () => {
      const list = (await fm.get('/fm/v1/event_suppression')).json().event_suppression as Array<Record<string, unknown>>;
      expect(list.some((s) => s['alarm_id'] === '200.022')).toBe(false);
      expect(Object.keys(list[0]!)).toEqual(['uuid', 'alarm_id', 'description', 'suppression_status', 'links']);
      const one = (await fm.get(`/fm/v1/event_suppression/${entry.uuid}`)).json();
      expect(one).toMatchObject({ alarm_id: '100.103', suppression_status: 'unsuppressed' });
      expect(typeof one.id).toBe('number');
    });

    it('masks an alarm id: hidden from the list, the summary and the alarm records of the event log', async () => {
      const patch = (value: string) =>
        t.request({ method: 'PATCH', url: `/fm/v1/event_suppression/${entry.uuid}`, token: admin, body: [{ op: 'replace', path: '/suppression_status', value }] });
      const res = await patch('suppressed');
      expect(res.status).toBe(200);
      expect(res.json().suppression_status).toBe('suppressed');
      expect((await fm.alarms()).some((a) => a['alarm_id'] === '100.103')).toBe(false);
      const shown = (await fm.alarms('include_suppress=True')).filter((a) => a['alarm_id'] === '100.103');
      expect(shown).toHaveLength(2);
      expect(shown.every((a) => a['suppression_status'] === 'suppressed')).toBe(true);
      expect((await fm.get('/fm/v1/alarms/summary')).json().critical).toBe(0);
      expect((await fm.get('/fm/v1/alarms/summary?include_suppress=True')).json().critical).toBe(1);
      expect((await fm.events()).some((e) => e['event_log_id'] === '100.103')).toBe(false);
      expect((await fm.events('include_suppress=True')).some((e) => e['event_log_id'] === '100.103')).toBe(true);
      const listed = (await fm.get('/fm/v1/event_suppression?q.field=suppression_status&q.op=eq&q.type=string&q.value=suppressed')).json().event_suppression;
      expect(listed.map((s: { alarm_id: string }) => s.alarm_id)).toEqual(['100.103']);
      expect((await patch('unsuppressed')).status).toBe(200);
      expect((await fm.alarms()).some((a) => a['alarm_id'] === '100.103')).toBe(true);
    });

    it.each([
      [[{ op: 'replace', path: '/suppression_status', value: 'maybe' }], /Valid values are: suppressed, unsuppressed/],
      [[{ op: 'replace', path: '/alarm_id', value: '100.101' }], /alarm_id is not allowed to be updated/],
      [[{ op: 'replace', path: '/uuid', value: 'x' }], /internal attribute/],
    ])('refuses patch %j', async (body, message) => {
      const res = await t.request({ method: 'PATCH', url: `/fm/v1/event_suppression/${entry.uuid}`, token: admin, body });
      expect(res.status).toBe(400);
      expect(faultOf(res).faultstring).toMatch(message);
    });
  });
});
