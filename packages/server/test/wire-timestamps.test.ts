import { discoverHost, fixtureRoots } from '@murmuration/agent';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { useTestController } from './support/use-test-controller.js';

/** sysinv and fm (wsme): UTC, microseconds, the zone, `2026-05-01T08:00:00.250000+00:00`, fraction or not. */
const WSME_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/;
/** Anything that looks like a date, whatever field holds it. */
const LOOKS_LIKE_TIME = /^\d{4}-?\d\d-?\d\d[T ]\d\d/;

/** Every field of a body that holds a time: named like one (`*_at`, `timestamp`), or holding a date. */
function timeFields(body: unknown, at = ''): Array<[string, unknown]> {
  if (Array.isArray(body)) return body.flatMap((item, i) => timeFields(item, `${at}[${i}]`));
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]): Array<[string, unknown]> => {
    const where = `${at}.${key}`;
    if (/(_at|^timestamp)$/.test(key) && (value === null || typeof value === 'string')) return [[where, value]];
    if (typeof value === 'string') return LOOKS_LIKE_TIME.test(value) ? [[where, value]] : [];
    return timeFields(value, where);
  });
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-times-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(testDialects())('one timestamp format per API family on %s', (dialect) => {
  let admin: string;
  // A whole second: Python's isoformat would leave the fraction out; the wire keeps one format.
  const clock = createManualClock(Date.parse('2026-05-01T08:00:00Z'));
  const get = async (url: string) => {
    const res = await t.request({ method: 'GET', url, token: admin });
    expect(res.status, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  /** Asserts every time field of every answer, and that there were some to check. */
  const expectWsmeTimes = async (urls: readonly string[]) => {
    let seen = 0;
    for (const url of urls) {
      for (const [where, value] of timeFields(await get(url))) {
        seen++;
        if (value !== null) expect(value, `${url} ${where}`).toMatch(WSME_TIME);
      }
    }
    expect(seen).toBeGreaterThan(urls.length);
  };

  const t = useTestController(dialect, { clock, config: { systemMode: 'duplex' } });
  beforeAll(async () => {
    admin = await t.adminToken();
    const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token;
    const joined = (await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: token, hostname: 'compute-0', personality: 'worker' } })).json();
    clock.advance(1250);
    const report = await discoverHost(await fixtureRoots('dual-socket-server', scratch));
    const put = await t.request({ method: 'PUT', url: `/agent/v1/hosts/${joined.host_uuid}/inventory`, token: null, headers: { 'x-host-credential': joined.credential }, body: report });
    expect(put.status, put.body).toBe(204);
    const pool = (await t.request({ method: 'POST', url: '/sysinv/v1/addrpools', token: admin, body: { name: 'mgmt', network: '10.9.0.0', prefix: 24 } })).json();
    expect((await t.request({ method: 'POST', url: `/sysinv/v1/addrpools/${pool.uuid}/addresses`, token: admin, body: { name: 'x' } })).status).toBe(200);
    expect((await t.request({ method: 'POST', url: '/sysinv/v1/labels/compute-0', token: admin, body: { sriov: 'enabled' } })).status).toBe(200);
    const fm = fmClient(t, () => admin);
    await fm.raise('100.101', 'host=compute-0', 'major');
    clock.advance(250);
    await fm.raise('100.103', 'host=compute-0.memory=total', 'critical');
    expect((await fm.clear('100.103', 'host=compute-0.memory=total')).status).toBe(200);
    const silence = await t.request({ method: 'POST', url: '/fm/v1/silences', token: admin, body: { matchers: [{ name: 'alarm_id', value: '100.114' }], comment: 'x', duration: '1h' } });
    expect(silence.status, silence.body).toBe(201);
    const receiver = await t.request({ method: 'POST', url: '/fm/v1/receivers', token: admin, body: { name: 'pager', type: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    expect(receiver.status, receiver.body).toBe(201);
  });

  it('sysinv: every time of every answer is UTC with microseconds and +00:00', async () => {
    const { ihosts } = await get('/sysinv/v1/ihosts');
    const host = ihosts.find((h: { hostname: string }) => h.hostname === 'compute-0');
    const pool = (await get('/sysinv/v1/addrpools')).addrpools[0];
    const system = (await get('/sysinv/v1/isystems')).isystems[0];
    const label = (await get('/sysinv/v1/ihosts/compute-0/labels')).labels[0];
    await expectWsmeTimes([
      '/sysinv/v1/isystems',
      `/sysinv/v1/isystems/${system.uuid}`,
      '/sysinv/v1/ihosts',
      `/sysinv/v1/ihosts/${host.uuid}`,
      ...['inodes', 'icpus', 'imemorys', 'idisks', 'ports', 'ethernet_ports', 'iinterfaces'].map((c) => `/sysinv/v1/ihosts/compute-0/${c}`),
      `/sysinv/v1/addrpools/${pool.uuid}/addresses`,
      `/sysinv/v1/labels/${label.uuid}`,
      '/sysinv/v1/host_bootstrap_tokens',
    ]);
  });

  it('fm: every time of every answer is UTC with microseconds and +00:00, as fm writes them', async () => {
    const alarm = (await get('/fm/v1/alarms')).alarms[0];
    const event = (await get('/fm/v1/event_log')).event_log[0];
    const silence = (await get('/fm/v1/silences')).silences[0];
    await expectWsmeTimes([
      '/fm/v1/alarms',
      '/fm/v1/alarms?expand=True&include_suppress=True',
      `/fm/v1/alarms/${alarm.uuid}`,
      '/fm/v1/event_log',
      '/fm/v1/event_log?expand=True',
      `/fm/v1/event_log/${event.uuid}`,
      '/fm/v1/silences',
      `/fm/v1/silences/${silence.uuid}`,
      '/fm/v1/receivers',
      '/fm/v1/receivers/pager',
    ]);
  });
});
