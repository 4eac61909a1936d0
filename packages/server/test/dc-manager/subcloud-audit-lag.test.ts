import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { until } from '../support/until.js';
import { useSystemController } from '../support/use-system-controller.js';

const INTERVAL_S = 30;

describe.each(testDialects())('the fleet audit falling behind on %s', (dialect) => {
  // A long deadline, so that the hanging audit holds the subcloud overdue while the clock moves on.
  const suite = useSystemController(dialect, {
    config: { dcManager: { auditIntervalSeconds: INTERVAL_S, auditTimeoutMs: 4000, leaseSeconds: 120 } },
  });
  const { t, clock, dc } = suite;

  const lag = async () => {
    const res = await t.request({ method: 'GET', url: '/metrics', token: suite.admin });
    const line = res.body.split('\n').find((l) => l.startsWith('murmur_dc_audit_lag_seconds '));
    return Number(line?.split(' ')[1]);
  };
  const overrun = async () =>
    (await t.controller.store.repos.alarms.list({})).filter((a) => a.alarmId === '280.101').map((a) => a.entityInstanceId);

  it('shows how overdue the most overdue subcloud is, with 280.101 past an interval, cleared once its audit ends', async () => {
    suite.hollow.hangs = (request) => request.path.endsWith('/dcagent/v1/audit');
    expect((await dc.post('/subclouds/', { name: 'slow', url: `${suite.hollow.url}/slow`, join_token: 'mjt-slow' })).status).toBe(200);
    expect((await dc.patch('/subclouds/slow', { 'management-state': 'managed' })).status).toBe(200);
    await until(async () => suite.hollow.requests.filter((r) => r.path === '/slow/dcagent/v1/audit').length, (n) => n === 1, 'the audit');
    expect(await lag()).toBe(0);

    // While its audit hangs, the subcloud stays due since before the clock moved two intervals on.
    clock.advance(2 * INTERVAL_S * 1000);
    expect(await until(lag, (s) => s >= 2 * INTERVAL_S, 'the lag')).toBeLessThan(2 * INTERVAL_S + 1);
    expect(await until(overrun, (e) => e.length === 1, 'the overrun alarm')).toEqual(['system=RegionOne.subcloud-audit']);

    // The audit times out: the subcloud is due again soon, so nothing is overdue any more.
    suite.hollow.hangs = () => false;
    expect(await until(lag, (s) => s === 0, 'the lag back to 0')).toBe(0);
    expect(await until(overrun, (e) => e.length === 0, 'the overrun alarm cleared')).toEqual([]);
    const { audit } = (await dc.get('/subclouds/summary')).json();
    expect(audit).toMatchObject({ failures: 1, lag_seconds: 0, overrun: false });
  });
});
