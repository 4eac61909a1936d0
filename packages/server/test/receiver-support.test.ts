import { afterEach, describe, expect, it } from 'vitest';
import { startAlertmanager, type Alertmanager, type AmWebhookPayload } from '../../../test-support/alertmanager.js';
import { startWebhookSink, type ReceivedRequest, type WebhookSink } from '../../../test-support/webhook-sink.js';

// Self-test of the notification receivers that the fault-management delivery tests use.

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function notifications(received: readonly ReceivedRequest[]): AmWebhookPayload[] {
  return received.map((r) => r.body as AmWebhookPayload);
}

describe('test-support receivers', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function sink(): Promise<WebhookSink> {
    const s = await startWebhookSink();
    cleanups.push(() => s.stop());
    return s;
  }

  it('webhook sink records POSTs, answers with the set status and restarts on the same port', async () => {
    const s = await sink();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);

    const first = await post(`${s.url}/hook/a?x=1`, { n: 1 });
    expect(first.status).toBe(204);
    expect(s.received).toHaveLength(1);
    expect(s.received[0]).toMatchObject({ path: '/hook/a?x=1', body: { n: 1 }, status: 204 });
    expect(s.received[0]!.headers['content-type']).toBe('application/json');
    expect(s.received[0]!.receivedAt).toBeInstanceOf(Date);
    expect((await fetch(s.url)).status).toBe(405);

    s.setStatus(503);
    expect((await post(`${s.url}/hook/b`, { n: 2 })).status).toBe(503);
    expect(s.received.map((r) => r.status)).toEqual([204, 503]);
    s.setStatus(200);

    await expect(s.waitFor((list) => list.length >= 3, 100)).rejects.toThrow(/2 request\(s\) received/);
    const waiting = s.waitFor((list) => list.some((r) => r.path === '/late'), 5_000);
    await post(`${s.url}/late`, 'text');
    expect((await waiting).at(-1)!.body).toBe('text');

    const port = s.port;
    await s.stop();
    expect(s.running).toBe(false);
    await expect(post(`${s.url}/down`, {})).rejects.toThrow();

    await s.start();
    expect(s.port).toBe(port);
    const again = await post(`${s.url}/after-restart`, { n: 4 });
    expect(again.status).toBe(200);
    expect(s.received.map((r) => r.path)).toEqual(['/hook/a?x=1', '/hook/b', '/late', '/after-restart']);
  });

  it('a real Alertmanager notifies the sink of a firing alert and of its resolution', async () => {
    const s = await sink();
    const am: Alertmanager = await startAlertmanager({ webhookUrl: `${s.url}/am` });
    cleanups.push(() => am.stop());

    const labels = { alertname: 'ReceiverSelfTest', severity: 'critical' };
    const fired = await post(`${am.url}/api/v2/alerts`, [{ labels, annotations: { summary: 'self-test' } }]);
    expect(fired.status, am.log()).toBe(200);

    const listed = await am.alerts();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ labels, annotations: { summary: 'self-test' }, status: { state: 'active' } });
    expect(await am.alerts({ filter: ['severity="minor"'] })).toEqual([]);

    const firing = await s.waitFor((list) => notifications(list).some((n) => n.status === 'firing'), 10_000);
    const firingNote = notifications(firing).find((n) => n.status === 'firing')!;
    expect(firing[0]!.path).toBe('/am');
    expect(firingNote.alerts).toHaveLength(1);
    expect(firingNote.alerts[0]).toMatchObject({ status: 'firing', labels, fingerprint: listed[0]!.fingerprint });

    // Resolving: the same labels with endsAt already past.
    const resolved = await post(`${am.url}/api/v2/alerts`, [{ labels, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    expect(resolved.status, am.log()).toBe(200);
    const after = await s.waitFor((list) => notifications(list).some((n) => n.status === 'resolved'), 10_000);
    const resolvedNote = notifications(after).find((n) => n.status === 'resolved')!;
    expect(resolvedNote.alerts[0]).toMatchObject({ status: 'resolved', labels });
    // The API never lists resolved alerts.
    expect(await am.alerts()).toEqual([]);
  });

  it('reports Alertmanager output when it exits before it is ready', async () => {
    await expect(startAlertmanager({ webhookUrl: 'ftp://127.0.0.1/hook' })).rejects.toThrow(/exited .*before it was ready[\s\S]*ftp/);
  });
});
