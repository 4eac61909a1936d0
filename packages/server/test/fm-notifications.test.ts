import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type AmWebhookPayload } from '../../../test-support/alertmanager.js';
import { testDialects } from '../../../test-support/databases.js';
import { startWebhookSink, type ReceivedRequest, type WebhookSink } from '../../../test-support/webhook-sink.js';
import { faultOf } from './support/api-helpers.js';
import { fmClient } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

interface Change {
  seq: number;
  change: string;
  alarm_id: string;
  entity_instance_id: string;
  severity: string;
}

/** Every change a webhook sink was sent (successful deliveries only), in arrival order. */
function changesOf(received: readonly ReceivedRequest[], entityPrefix: string): Change[] {
  return received
    .filter((r) => r.status < 300)
    .flatMap((r) => (r.body as { changes: Change[] }).changes)
    .filter((c) => c.entity_instance_id.startsWith(entityPrefix));
}

/** Reads server-sent events from a streaming response until `count` events arrived. */
async function readEvents(
  res: Response,
  count: number,
  timeoutMs = 10_000,
): Promise<Array<{ id: string; event: string; data: Record<string, unknown> }>> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ id: string; event: string; data: Record<string, unknown> }> = [];
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events arrived: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
      if (fields['data'] !== undefined) events.push({ id: fields['id'] ?? '', event: fields['event'] ?? 'message', data: JSON.parse(fields['data']) });
    }
  }
  await reader.cancel();
  return events;
}

describe.each(testDialects())('fm notifications on %s', (dialect) => {
  let admin: string;
  let base: string;

  const t = useTestController(dialect, { config: { fault: { deliveryMaxBackoffSeconds: 1 } } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
    base = await t.controller.listen();
  });

  const addReceiver = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/fm/v1/receivers', token: admin, body });

  describe('webhook receivers', () => {
    let sink: WebhookSink;
    beforeAll(async () => {
      sink = await startWebhookSink();
      const res = await addReceiver({ name: 'ops-hook', type: 'webhook', url: `${sink.url}/hook` });
      expect(res.status, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: 'ops-hook', type: 'webhook', pending: 0, failures: 0, last_error: null });
    });
    afterAll(async () => sink.stop());

    it('delivers raises, updates and clears in order, naming the alarm, the change and the entity', async () => {
      await fm.raise('100.101', 'host=hook-1', 'major');
      await fm.raise('100.101', 'host=hook-1', 'critical');
      expect((await fm.clear('100.101', 'host=hook-1')).status).toBe(200);
      await sink.waitFor((r) => changesOf(r, 'host=hook-1').length >= 3);
      const changes = changesOf(sink.received, 'host=hook-1');
      expect(changes.map((c) => [c.change, c.severity])).toEqual([
        ['raised', 'major'],
        ['updated', 'critical'],
        ['cleared', 'clear'],
      ]);
      expect(changes.map((c) => c.seq)).toEqual([...changes.map((c) => c.seq)].sort((a, b) => a - b));
      const first = sink.received.find((r) => changesOf([r], 'host=hook-1').length > 0)!;
      expect(first.body).toMatchObject({ version: '1', receiver: 'ops-hook' });
      expect(first.headers['content-type']).toMatch(/application\/json/);
    });

    it('keeps changes made while the receiver is down and delivers them, in order, when it is back', async () => {
      await sink.stop();
      for (let i = 0; i < 5; i++) await fm.raise('200.006', `host=hook-2.process=p${i}`, 'major');
      await fm.raise('200.006', 'host=hook-2.process=p0', 'critical');
      expect((await fm.clear('200.006', 'host=hook-2.process=p1')).status).toBe(200);
      // Raising and clearing never waited for the receiver.
      const waitFailure = async () => {
        for (let i = 0; i < 50; i++) {
          const r = (await t.request({ method: 'GET', url: '/fm/v1/receivers/ops-hook', token: admin })).json();
          if (r.failures > 0) return r;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('no failed delivery recorded');
      };
      const down = await waitFailure();
      expect(down.pending).toBeGreaterThan(0);
      expect(down.last_error).toMatch(/^fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);

      await sink.start();
      await sink.waitFor((r) => changesOf(r, 'host=hook-2').length >= 7, 15_000);
      const changes = changesOf(sink.received, 'host=hook-2');
      const p0 = changes.filter((c) => c.entity_instance_id === 'host=hook-2.process=p0').map((c) => c.change);
      expect(p0).toEqual(['raised', 'updated']);
      const p1 = changes.filter((c) => c.entity_instance_id === 'host=hook-2.process=p1').map((c) => c.change);
      expect(p1).toEqual(['raised', 'cleared']);
      let after = (await t.request({ method: 'GET', url: '/fm/v1/receivers/ops-hook', token: admin })).json();
      for (let i = 0; i < 50 && after.failures > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = (await t.request({ method: 'GET', url: '/fm/v1/receivers/ops-hook', token: admin })).json();
      }
      expect(after).toMatchObject({ failures: 0, last_error: null });
    });

    it('does not notify changes of silenced alarms, and announces them when the silence ends', async () => {
      const silence = await t.request({
        method: 'POST',
        url: '/fm/v1/silences',
        token: admin,
        body: { matchers: [{ name: 'entity_instance_id', value: 'host=quiet-.*', isRegex: true }], comment: 'maintenance window', duration: '1h' },
      });
      expect(silence.status, silence.body).toBe(201);
      await fm.raise('100.101', 'host=quiet-1', 'major');
      await fm.raise('100.101', 'host=loud-1', 'major');
      await sink.waitFor((r) => changesOf(r, 'host=loud-1').length >= 1);
      expect(changesOf(sink.received, 'host=quiet-1')).toEqual([]);

      // When the silence ends, the alarm that is still active is announced.
      const expired = await t.request({ method: 'DELETE', url: `/fm/v1/silences/${silence.json().uuid}`, token: admin });
      expect(expired.status).toBe(204);
      await sink.waitFor((r) => changesOf(r, 'host=quiet-1').length >= 1, 10_000);
      expect(changesOf(sink.received, 'host=quiet-1').map((c) => [c.change, c.severity])).toEqual([['raised', 'major']]);
    });

    it('refuses a receiver whose URL is not http(s), and a duplicate name', async () => {
      const bad = await addReceiver({ name: 'bad', type: 'webhook', url: 'ftp://example.com/x' });
      expect(bad.status).toBe(400);
      expect(faultOf(bad).faultstring).toMatch(/url must use http or https/);
      const dup = await addReceiver({ name: 'ops-hook', type: 'webhook', url: sink.url });
      expect(dup.status).toBe(409);
      const list = (await t.request({ method: 'GET', url: '/fm/v1/receivers', token: admin })).json().receivers;
      expect(list.map((r: { name: string }) => r.name)).toEqual(['ops-hook']);
    });

    it('moves a receiver to another address: what it had not delivered goes there, from where it left off', async () => {
      const modify = (id: string, body: Record<string, unknown>) =>
        t.request({ method: 'PATCH', url: `/fm/v1/receivers/${id}`, token: admin, body });
      const moved = await startWebhookSink();
      try {
        await sink.stop();
        await fm.raise('100.101', 'host=moved-0', 'major');
        for (let i = 0; i < 50; i++) {
          if ((await t.request({ method: 'GET', url: '/fm/v1/receivers/ops-hook', token: admin })).json().failures > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const res = await modify('ops-hook', { url: `${moved.url}/moved` });
        expect(res.status, res.body).toBe(200);
        expect(res.json()).toMatchObject({ name: 'ops-hook', url: `${moved.url}/moved`, fleet_wide: false, failures: 0, last_error: null });
        await fm.raise('100.101', 'host=moved-1', 'major');
        await moved.waitFor((r) => changesOf(r, 'host=moved-').length >= 2);
        expect(changesOf(moved.received, 'host=moved-').map((c) => c.entity_instance_id)).toEqual(['host=moved-0', 'host=moved-1']);
        expect(moved.received[0]!.path).toBe('/moved');
        const entries = (await t.request({ method: 'GET', url: '/audit/v1/entries?limit=20', token: admin })).json().entries as Array<{
          target: string; detail: string | null;
        }>;
        expect(entries.find((e) => e.target === 'receiver/ops-hook')?.detail).toBe(`url ${moved.url}/moved`);

        // Refusals change nothing.
        const nothing = await modify('ops-hook', {});
        expect(nothing.status).toBe(400);
        expect(faultOf(nothing).faultstring).toMatch(/give type, url or fleet_wide/);
        expect((await modify('ops-hook', { url: 'ftp://example.com/x' })).status).toBe(400);
        expect((await modify('ops-hook', { fleet_wide: 'yes' })).status).toBe(400);
        expect((await modify('no-such-hook', { fleet_wide: true })).status).toBe(404);
        const now = (await t.request({ method: 'GET', url: '/fm/v1/receivers/ops-hook', token: admin })).json();
        expect(now).toMatchObject({ url: `${moved.url}/moved`, type: 'webhook', fleet_wide: false });
      } finally {
        await moved.stop();
        await sink.start();
      }
    });
  });

  it('sends firing and resolved alerts to a real Prometheus Alertmanager', async () => {
    const hook = await startWebhookSink();
    const am = await startAlertmanager({ webhookUrl: `${hook.url}/am` });
    try {
      const res = await addReceiver({ name: 'am', type: 'alertmanager', url: am.url });
      expect(res.status, res.body).toBe(201);
      const uuid = await fm.raise('250.001', 'host=am-1', 'major', { reason_text: 'configuration out-of-date' });
      let alerts = await am.alerts();
      for (let i = 0; i < 50 && !alerts.some((a) => a.labels['entity_instance_id'] === 'host=am-1'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        alerts = await am.alerts();
      }
      const alert = alerts.find((a) => a.labels['entity_instance_id'] === 'host=am-1')!;
      expect(alert.labels).toMatchObject({ alertname: '250.001', alarm_id: '250.001', severity: 'major', entity_type_id: 'host' });
      expect(alert.annotations).toMatchObject({ summary: 'configuration out-of-date', alarm_uuid: uuid });
      expect(alert.status.state).toBe('active');

      expect((await fm.clear('250.001', 'host=am-1')).status).toBe(200);
      const seen = await hook.waitFor(
        (r) => r.some((x) => (x.body as AmWebhookPayload).status === 'resolved' && (x.body as AmWebhookPayload).alerts.some((a) => a.labels['entity_instance_id'] === 'host=am-1')),
        15_000,
      );
      const statuses = seen.map((x) => (x.body as AmWebhookPayload).status);
      expect(statuses[0]).toBe('firing');
      expect(statuses).toContain('resolved');
    } finally {
      await t.request({ method: 'DELETE', url: '/fm/v1/receivers/am', token: admin });
      await am.stop();
      await hook.stop();
    }
  });

  it('streams alarm changes as server-sent events, resumable with Last-Event-ID', async () => {
    const open = (lastEventId?: string) =>
      fetch(`${base}/fm/v1/stream`, { headers: { 'x-auth-token': admin, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
    const first = await open();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reading = readEvents(first, 2);
    await fm.raise('100.104', 'host=sse-1.filesystem=/var', 'major');
    await fm.post({ alarm_id: '200.022', alarm_state: 'log', entity_instance_id: 'host=sse-1', severity: 'warning', reason_text: 'sse-1 online' });
    const events = await reading;
    expect(events.map((e) => [e.event, e.data['change'], e.data['event_log_id']])).toEqual([
      ['alarm', 'raised', '100.104'],
      ['log', 'log', '200.022'],
    ]);
    expect(Number(events[1]!.id)).toBeGreaterThan(Number(events[0]!.id));

    // Missed while disconnected: delivered on reconnect, nothing before the given id.
    await fm.raise('100.104', 'host=sse-1.filesystem=/var', 'critical');
    expect((await fm.clear('100.104', 'host=sse-1.filesystem=/var')).status).toBe(200);
    const resumed = await readEvents(await open(events[1]!.id), 2);
    expect(resumed.map((e) => e.data['change'])).toEqual(['updated', 'cleared']);
    expect(Number(resumed[0]!.id)).toBe(Number(events[1]!.id) + 1);

    const anonymous = await fetch(`${base}/fm/v1/stream`);
    expect(anonymous.status).toBe(401);
  });
});
