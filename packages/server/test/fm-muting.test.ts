import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { faultOf } from './support/api-helpers.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { useTestController } from './support/use-test-controller.js';

const MINUTE = 60_000;

describe.each(testDialects())('fm silences, inhibition, retention and metrics on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T10:00:00Z'));
  let admin: string;

  const t = useTestController(dialect, { clock, config: { fault: { eventLogRetention: 100 } } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const silence = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/fm/v1/silences', token: admin, body });
  const ids = async (query = '') => (await fm.alarms(query)).map((a) => `${a['alarm_id']}@${a['entity_instance_id']}`).sort();

  describe('silences', () => {
    it('hides matching alarms until the silence expires by itself', async () => {
      await fm.raise('100.101', 'host=edge-1', 'major');
      await fm.raise('100.101', 'host=edge-2', 'critical');
      await fm.raise('100.103', 'host=edge-1.memory=total', 'major');
      const res = await silence({
        matchers: [
          { name: 'alarm_id', value: '100.101' },
          { name: 'entity_instance_id', value: 'host=edge-[0-9]+', isRegex: true },
          { name: 'severity', value: 'critical', isEqual: false },
        ],
        comment: 'replacing fans on edge racks',
        duration: '30m',
      });
      expect(res.status, res.body).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({ state: 'active', created_by: 'admin', comment: 'replacing fans on edge racks' });
      expect(await ids()).toEqual(['100.101@host=edge-2', '100.103@host=edge-1.memory=total']);
      const muted = (await fm.alarms('include_suppress=True&muting=True')).find((a) => a['entity_instance_id'] === 'host=edge-1')!;
      expect(muted['silenced_by']).toEqual([created.uuid]);
      expect(muted['suppression_status']).toBe('unsuppressed');
      expect((await fm.get('/fm/v1/alarms/summary')).json()).toMatchObject({ critical: 1, major: 1 });

      clock.advance(31 * MINUTE);
      expect(await ids()).toEqual(['100.101@host=edge-1', '100.101@host=edge-2', '100.103@host=edge-1.memory=total']);
      const listed = (await t.request({ method: 'GET', url: '/fm/v1/silences?state=expired', token: admin })).json().silences;
      expect(listed.map((s: { uuid: string }) => s.uuid)).toContain(created.uuid);
    });

    it('starts a silence in the future as pending, and expires one on request', async () => {
      const res = await silence({
        matchers: [{ name: 'entity_instance_id', value: 'host=edge-2' }],
        comment: 'planned',
        starts_at: new Date(clock.now() + 10 * MINUTE).toISOString(),
        duration: '1h',
      });
      expect(res.json().state).toBe('pending');
      expect(await ids()).toContain('100.101@host=edge-2');
      clock.advance(11 * MINUTE);
      expect(await ids()).not.toContain('100.101@host=edge-2');
      const expired = await t.request({ method: 'DELETE', url: `/fm/v1/silences/${res.json().uuid}`, token: admin });
      expect(expired.status).toBe(204);
      expect((await t.request({ method: 'GET', url: `/fm/v1/silences/${res.json().uuid}`, token: admin })).json().state).toBe('expired');
      expect(await ids()).toContain('100.101@host=edge-2');
      const again = await t.request({ method: 'DELETE', url: `/fm/v1/silences/${res.json().uuid}`, token: admin });
      expect(again.status).toBe(409);
    });

    it.each([
      [{ matchers: [], comment: 'x', duration: '1h' }, /at least one matcher/],
      [{ matchers: [{ name: 'alarm_id', value: '100.101' }], comment: 'x', ends_at: '2020-01-01T00:00:00Z' }, /ends_at is in the past/],
      [{ matchers: [{ name: 'alarm_id', value: '100.101' }], comment: '  ', duration: '1h' }, /comment is required/],
      [{ matchers: [{ name: 'colour', value: 'red' }], comment: 'x', duration: '1h' }, /matcher field "colour"/],
      [{ matchers: [{ name: 'alarm_id', value: '(', isRegex: true }], comment: 'x', duration: '1h' }, /invalid regular expression/],
      [{ matchers: [{ name: 'alarm_id', value: '100.101' }], comment: 'x' }, /needs ends_at or duration/],
      [{ matchers: [{ name: 'alarm_id', value: '100.101' }], comment: 'x', duration: 'soon' }, /not a duration/],
    ])('refuses %j', async (body, message) => {
      const before = (await t.request({ method: 'GET', url: '/fm/v1/silences', token: admin })).json().silences.length;
      const res = await silence(body);
      expect(res.status).toBe(400);
      expect(faultOf(res).faultstring).toMatch(message);
      expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
      expect((await t.request({ method: 'GET', url: '/fm/v1/silences', token: admin })).json().silences.length).toBe(before);
    });
  });

  describe('inhibition', () => {
    it('a locked host hides the maskable alarms on it and below it, which stay listable', async () => {
      await fm.raise('200.006', 'host=rack-7.process=sshd', 'major');
      await fm.raise('100.101', 'host=rack-7', 'major');
      await fm.raise('100.101', 'host=rack-70', 'major');
      const locked = await fm.raise('200.001', 'host=rack-7', 'warning');
      const visible = await ids('q.field=entity_instance_id&q.value=rack-7');
      expect(visible).toEqual(['100.101@host=rack-70', '200.001@host=rack-7']);
      const all = await fm.alarms('include_suppress=True&muting=True&q.field=entity_instance_id&q.value=rack-7');
      expect(all.filter((a) => (a['inhibited_by'] as string[]).includes(locked)).map((a) => a['alarm_id']).sort()).toEqual(['100.101', '200.006']);
      // Unlocking (clearing 200.001) brings them back, including one raised while locked.
      await fm.raise('100.103', 'host=rack-7.memory=total', 'major');
      expect(await ids('q.field=entity_instance_id&q.value=rack-7.')).toEqual([]);
      expect((await fm.clear('200.001', 'host=rack-7')).status).toBe(200);
      expect(await ids('q.field=entity_instance_id&q.value=rack-7')).toEqual([
        '100.101@host=rack-7',
        '100.101@host=rack-70',
        '100.103@host=rack-7.memory=total',
        '200.006@host=rack-7.process=sshd',
      ]);
    });

    it('a failed host hides its port and process alarms by the default rule', async () => {
      await fm.raise('300.001', 'host=rack-8.port=eth1', 'major');
      await fm.raise('200.006', 'host=rack-8.process=kubelet', 'critical');
      await fm.raise('200.004', 'host=rack-8', 'critical');
      expect(await ids('q.field=entity_instance_id&q.value=rack-8')).toEqual(['200.004@host=rack-8']);
      expect((await fm.alarms('include_suppress=True&q.field=entity_instance_id&q.value=rack-8')).length).toBe(3);
    });
  });

  it('exposes active alarm counts by severity and by alarm id in /metrics', async () => {
    const res = await t.request({ method: 'GET', url: '/metrics', token: admin });
    expect(res.status).toBe(200);
    const all = await fm.alarms('include_suppress=True');
    const count = (s: string) => all.filter((a) => a['severity'] === s).length;
    expect(res.body).toContain(`murmur_fm_active_alarms{severity="critical"} ${count('critical')}`);
    expect(res.body).toContain(`murmur_fm_active_alarms{severity="major"} ${count('major')}`);
    const by101 = all.filter((a) => a['alarm_id'] === '100.101' && a['severity'] === 'major').length;
    expect(res.body).toContain(`murmur_fm_active_alarms_by_id{alarm_id="100.101",severity="major"} ${by101}`);
  });

  it('trims the event log to its newest records, never the active alarms', async () => {
    const alarmsBefore = (await fm.alarms('include_suppress=True')).length;
    for (let i = 0; i < 130; i++) {
      const res = await fm.post({ alarm_id: '200.022', alarm_state: 'log', entity_instance_id: `host=log-${i}`, severity: 'warning', reason_text: `log ${i}` });
      expect(res.status).toBe(200);
    }
    const newest = (await fm.events('limit=1'))[0]!;
    const trimmed = await t.controller.services.fault.events.trim();
    expect(trimmed).toBeGreaterThan(0);
    const kept = await fm.events('limit=10000&include_suppress=True');
    expect(kept).toHaveLength(100);
    expect(kept[0]!['uuid']).toBe(newest['uuid']);
    expect(kept.at(-1)!['reason_text']).toBe('log 30');
    expect((await fm.alarms('include_suppress=True')).length).toBe(alarmsBefore);
  });
});
