import { internalContext } from '@murmuration/core/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { until } from '../support/until.js';
import { useSystemController } from '../support/use-system-controller.js';
import { useTestController } from '../support/use-test-controller.js';

const INTERVAL_S = 30;

describe.each(testDialects())('the fleet audit against a real subcloud on %s', (dialect) => {
  const central = useSystemController(dialect, {
    config: { dcManager: { auditIntervalSeconds: INTERVAL_S, auditTimeoutMs: 1000, leaseSeconds: 10 } },
  });
  const site = useTestController(dialect, { config: { region: 'Edge1' } });
  const { dc, clock } = central;
  let siteUrl = '';
  let siteAdmin = '';

  const subcloud = async () => (await dc.get('/subclouds/edge1')).json() as Record<string, unknown>;
  const activeAlarms = async (alarmId: string) => {
    const alarms = await central.t.controller.store.repos.alarms.list({});
    return alarms.filter((a) => a.alarmId === alarmId).map((a) => a.entityInstanceId);
  };
  const auditRow = () => central.t.controller.store.repos.subcloudAudits.find(1);
  /** The samples of /metrics by name and labels as written (`name{a="x",b="y"}`). */
  const scrape = async () => {
    const res = await central.t.request({ method: 'GET', url: '/metrics', token: central.admin });
    expect(res.status).toBe(200);
    const samples = res.body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    return new Map(samples.map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
  };
  const fleet = (management: string, availability: string, sync: string) =>
    `murmur_dc_subclouds{management="${management}",availability="${availability}",sync="${sync}"}`;

  beforeAll(async () => {
    siteUrl = await site.controller.listen();
    siteAdmin = await site.adminToken();
    const token = (await site.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: siteAdmin, body: {} })).json().token;
    expect((await dc.post('/subclouds/', { name: 'edge1', url: siteUrl, join_token: token })).status).toBe(200);
  });

  it('audits a managed subcloud in one request: online, with its alarm counts', async () => {
    expect((await dc.patch('/subclouds/edge1', { 'management-state': 'managed' })).status).toBe(200);
    const online = await until(subcloud, (s) => s['availability-status'] === 'online', 'availability');
    expect(online['management-state']).toBe('managed');
    // The first audit found identity out of sync (each side had its own admin), pushed the central state, and counts it
    // in sync; platform (no suppression, silence or receiver on either side) and software were in sync already.
    expect(online.endpoint_sync_status).toEqual([
      { endpoint_type: 'identity', sync_status: 'in-sync' }, { endpoint_type: 'platform', sync_status: 'in-sync' },
      { endpoint_type: 'software', sync_status: 'in-sync' },
    ]);
    expect(central.t.controller.services.dcManager.auditor.stats()).toMatchObject({ syncs: 1, syncFailures: 0 });
    expect(await activeAlarms('280.002')).toEqual([]);
    // The subcloud's users are now the system controller's: its admin logs in there with the central password.
    expect(await site.login('admin', central.t.adminPassword, 'admin')).toMatch(/^\S{20,}$/);
    expect(await activeAlarms('280.001')).toEqual([]);
    const summary = (await dc.get('/alarms/')).json().alarm_summary;
    expect(summary).toEqual([expect.objectContaining({ region_name: 'edge1', critical_alarms: 0, major_alarms: 0, cloud_status: 'OK' })]);
    const row = await auditRow();
    expect(row).toMatchObject({ failures: 0, leaseOwner: null, dueAt: expect.any(Number) });
    expect(row!.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(row!.dueAt - clock.now()).toBeGreaterThan((INTERVAL_S - 1) * 1000);
  });

  it('is not audited again before its interval; when due, a 304 changes nothing', async () => {
    const before = await auditRow();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await auditRow())!.auditedAt).toBe(before!.auditedAt);
    // The sync changed the subcloud: its next answer is new (200); the one after is a 304.
    clock.advance(INTERVAL_S * 1000);
    const next = await until(auditRow, (r) => r!.auditedAt !== before!.auditedAt, 'the next audit');
    expect(next!.etag).not.toBe(before!.etag);
    clock.advance(INTERVAL_S * 1000);
    const after = await until(auditRow, (r) => r!.auditedAt !== next!.auditedAt, 'the audit after');
    expect(after!.etag).toBe(next!.etag);
    expect(central.t.controller.services.dcManager.auditor.stats()).toMatchObject({
      audits: 3,
      reports: 2,
      unchanged: 1,
    });
    expect((await subcloud())['updated-at']).toBeDefined();
  });

  it('publishes the audit on /metrics: audits by outcome, syncs, the last cycle, the lag and the fleet by state', async () => {
    // Three audits so far, each its own cycle (the subcloud was due alone); a cycle ends once the audit is idle again.
    const m = await until(scrape, (s) => s.get('murmur_dc_audit_cycles_total') === 3, 'three cycles ended');
    expect(m.get('murmur_dc_audits_total{outcome="ok"}')).toBe(2);
    expect(m.get('murmur_dc_audits_total{outcome="not_modified"}')).toBe(1);
    expect(m.get('murmur_dc_audits_total{outcome="failed"}')).toBe(0);
    expect([m.get('murmur_dc_sync_pushes_total'), m.get('murmur_dc_sync_failures_total')]).toEqual([1, 0]);
    expect(m.get('murmur_dc_audit_cycle_subclouds')).toBe(1);
    // A cycle takes the time of its request to the subcloud: more than nothing.
    expect(m.get('murmur_dc_audit_cycle_seconds')).toBeGreaterThan(0);
    expect([m.get('murmur_dc_audit_lag_seconds'), m.get('murmur_dc_audits_in_flight')]).toEqual([0, 0]);
    expect(m.get(fleet('managed', 'online', 'in-sync'))).toBe(1);
    // Every combination is a series, zero when no subcloud is in it.
    const series = [...m.keys()].filter((k) => k.startsWith('murmur_dc_subclouds{'));
    expect(series).toHaveLength(2 * 2 * 3);
    expect(series.reduce((n, k) => n + m.get(k)!, 0)).toBe(1);
    // The same counters as the summary's.
    const { audit } = (await dc.get('/subclouds/summary')).json();
    expect(audit).toMatchObject({ audits: 3, reports: 2, unchanged: 1, failures: 0, syncs: 1, sync_failures: 0 });

    // The next audit is the next cycle.
    clock.advance(INTERVAL_S * 1000);
    const next = await until(scrape, (s) => s.get('murmur_dc_audit_cycles_total') === 4, 'the next cycle');
    expect(next.get('murmur_dc_audits_total{outcome="not_modified"}')).toBe(2);
    expect(next.get('murmur_dc_audit_cycle_subclouds')).toBe(1);
  });

  it('takes the subcloud\'s new alarm counts when its answer changes', async () => {
    await site.controller.services.fault.raise({
      alarmId: '100.101', entityInstanceId: 'host=controller-0', severity: 'major', reasonText: 'CPU threshold',
    });
    // The subcloud computes its answer at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    clock.advance(INTERVAL_S * 1000);
    await until(async () => (await dc.get('/alarms/')).json().alarm_summary[0], (s) => s.major_alarms === 1, 'the alarm summary');
    expect((await dc.get('/alarms/')).json().alarm_summary[0].cloud_status).toBe('degraded');
  });

  it('shows a local change to a synced resource out-of-sync (280.002), then overwrites it', async () => {
    const suppressions = site.controller.services.fault.suppressions;
    const target = (await suppressions.list()).find((s) => s.alarmId === '100.101')!;
    expect(target.status).toBe('unsuppressed');
    await suppressions.set(internalContext('req-local-change', '/test'), target.uuid, 'suppressed');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    clock.advance(INTERVAL_S * 1000);
    const entity = 'subcloud=edge1.resource=platform';
    const platformEvents = async () =>
      (await central.t.controller.store.repos.events.list({ limit: 200 }))
        .filter((e) => e.eventLogId === '280.002' && e.entityInstanceId === entity)
        .map((e) => e.state);
    expect(await until(platformEvents, (states) => states.length === 2, 'the sync alarm raised and cleared')).toEqual(['clear', 'set']);
    expect((await suppressions.list()).find((s) => s.alarmId === '100.101')!.status).toBe('unsuppressed');
    expect((await subcloud())['sync_status']).toBe('in-sync');
    expect(await activeAlarms('280.002')).toEqual([]);
  });

  it('marks the subcloud offline at the second failed audit in a row, with 280.001 and disabled counts', async () => {
    await site.close();
    clock.advance(INTERVAL_S * 1000);
    const failedOnce = await until(auditRow, (r) => r!.failures === 1, 'the first failure');
    expect(failedOnce!.lastError).toMatch(/ECONNREFUSED|UNAVAILABLE/);
    // A failed audit is checked again soon rather than an interval later.
    expect(failedOnce!.dueAt - clock.now()).toBeLessThanOrEqual(5000);
    expect((await subcloud())['availability-status']).toBe('online');
    clock.advance(INTERVAL_S * 1000);
    await until(subcloud, (s) => s['availability-status'] === 'offline', 'offline');
    expect(await activeAlarms('280.001')).toEqual(['subcloud=edge1']);
    const summary = (await dc.get('/alarms/')).json().alarm_summary[0];
    expect([summary.critical_alarms, summary.cloud_status]).toEqual([-1, 'disabled']);
    const m = await scrape();
    expect(m.get('murmur_dc_audits_total{outcome="failed"}')).toBe(2);
    expect(m.get(fleet('managed', 'offline', 'unknown'))).toBe(1);
    expect(m.get(fleet('managed', 'online', 'in-sync'))).toBe(0);
  });

  it('stops auditing a subcloud once it is unmanaged', async () => {
    expect((await dc.patch('/subclouds/edge1', { 'management-state': 'unmanaged' })).status).toBe(200);
    expect(await auditRow()).toBeNull();
    expect(central.t.controller.services.dcManager.auditor.stats().inFlight).toBe(0);
  });
});
