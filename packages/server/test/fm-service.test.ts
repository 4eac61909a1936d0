import { AppError } from '@murmuration/core/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { fmClient } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

describe.each(testDialects())('the fault service other services call, on %s', (dialect) => {
  let admin: string;

  const t = useTestController(dialect);
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  const fault = () => t.controller.services.fault;

  it('raises, clears, and clears a whole entity tree, recording each in the event log', async () => {
    const host = await fault().raise({ alarmId: '200.004', entityInstanceId: 'host=svc-1', severity: 'critical', reasonText: 'svc-1 failed' });
    await fault().raise({ alarmId: '200.006', entityInstanceId: 'host=svc-1.process=sm', severity: 'major' });
    await fault().raise({ alarmId: '300.001', entityInstanceId: 'host=svc-1.port=eth0', severity: 'major' });
    await fault().raise({ alarmId: '300.001', entityInstanceId: 'host=svc-10.port=eth0', severity: 'major' });
    expect(host.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const cleared = await fault().clearAll('host=svc-1', ['200.006', '300.001']);
    expect(cleared.map((a) => a.entityInstanceId).sort()).toEqual(['host=svc-1.port=eth0', 'host=svc-1.process=sm']);
    const left = await fm.alarms('include_suppress=True&q.field=entity_instance_id&q.value=svc-1');
    expect(left.map((a) => a['entity_instance_id']).sort()).toEqual(['host=svc-1', 'host=svc-10.port=eth0']);

    expect(await fault().clear('200.004', 'host=svc-1')).toMatchObject({ uuid: host.uuid });
    expect(await fault().clear('200.004', 'host=svc-1')).toBeNull();
    const records = await fm.events('q.field=entity_instance_id&q.value=host=svc-1.');
    expect(records.map((e) => e['state']).sort()).toEqual(['clear', 'clear', 'set', 'set']);
  });

  it('writes plain log records, shown by event-show with every field', async () => {
    const event = await fault().log({ alarmId: '200.022', entityInstanceId: 'host=svc-2', severity: 'warning', reasonText: 'svc-2 is now offline' });
    const res = await fm.get(`/fm/v1/event_log/${event.uuid}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ uuid: event.uuid, state: 'log', event_log_id: '200.022', entity_type_id: 'host', reason_text: 'svc-2 is now offline', suppression_status: 'None' });
    expect((await fm.get('/fm/v1/event_log/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('refuses what the catalogue refuses, before anything is written', async () => {
    await expect(fault().raise({ alarmId: '250.001', entityInstanceId: 'host=svc-3', severity: 'critical' })).rejects.toThrow(AppError);
    await expect(fault().raise({ alarmId: '250.001', entityInstanceId: '', severity: 'major' })).rejects.toThrow(/entity_instance_id is required/);
    await expect(fault().log({ alarmId: '123.456', entityInstanceId: 'host=svc-3', severity: 'major' })).rejects.toThrow(/not in the alarm catalogue/);
    expect(await fm.alarms('include_suppress=True&q.field=entity_instance_id&q.value=svc-3')).toEqual([]);
  });

  it('commits concurrent changes together: fewer transactions than changes, every change answered', async () => {
    const before = { ...fault().stats };
    const uuids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => fault().raise({ alarmId: '100.101', entityInstanceId: `host=burst-${i}`, severity: 'major' }).then((a) => a.uuid)),
    );
    expect(new Set(uuids).size).toBe(200);
    const after = fault().stats;
    expect(after.changes - before.changes).toBe(200);
    expect(after.commits - before.commits).toBeLessThan(200);
    expect((await fm.alarms('q.field=entity_instance_id&q.value=burst-&limit=1000')).length).toBe(200);
  });

  it('a delete of an unknown alarm in the same group fails alone; the other changes commit', async () => {
    const results = await Promise.allSettled([
      fault().raise({ alarmId: '100.101', entityInstanceId: 'host=mixed-1', severity: 'major' }),
      fault().alarms.delete('00000000-0000-4000-8000-000000000000', { ctx: { requestId: 'r', sourceAddress: '127.0.0.1', method: 'DELETE', path: '/x', actor: null, successStatus: 204, audited: false }, note: () => ({ target: null }) }),
      fault().raise({ alarmId: '100.101', entityInstanceId: 'host=mixed-2', severity: 'major' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await fm.alarms('q.field=entity_instance_id&q.value=mixed-')).length).toBe(2);
  });
});
