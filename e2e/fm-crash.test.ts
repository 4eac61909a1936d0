import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../test-support/databases.js';
import { startWebhookSink, type WebhookSink } from '../test-support/webhook-sink.js';
import { adminToken, murmur, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

interface Ack {
  readonly state: 'set' | 'clear';
  readonly entity: string;
}

describe.each(testDialects())('kill -9 during a storm of alarm raises and clears (%s)', (dialect) => {
  let db: TestDatabase;
  let running: RunningController | null = null;
  let sink: WebhookSink | null = null;

  afterEach(async () => {
    if (running) await stopController(running, 'SIGKILL');
    await sink?.stop();
    await db?.drop();
  });

  it('keeps every acknowledged change in the alarm table and the event log, and delivers what was pending', async () => {
    db = await freshDatabase(dialect);
    const data = path.join(db.dir, 'data');
    const args = ['--data', data, ...(db.location.kind === 'postgres' ? ['--database', db.location.url] : [])];
    running = await startController(args);
    const token = await adminToken(running.url, running.adminPassword!);
    let url = running.url;

    // The receiver is down for the whole storm: everything it should get is pending at the kill.
    sink = await startWebhookSink();
    await sink.stop();
    const added = await fetch(`${url}/fm/v1/receivers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({ name: 'pager', type: 'webhook', url: `${sink.url}/hook` }),
    });
    expect(added.status).toBe(201);

    const acknowledged: Ack[] = [];
    const sentClears = new Set<string>();
    let stop = false;
    const post = (body: Record<string, unknown>) =>
      fetch(`${url}/fm/v1/alarms`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': token }, body: JSON.stringify(body) });
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const entity = `host=storm-${n}-${i}`;
        try {
          const set = await post({ alarm_id: '100.101', alarm_state: 'set', entity_instance_id: entity, severity: 'major', reason_text: `storm ${n}/${i}` });
          await set.text();
          if (set.status !== 200) throw new Error(`set answered ${set.status}`);
          acknowledged.push({ state: 'set', entity });
          if (i % 2 === 1) {
            const previous = `host=storm-${n}-${i - 1}`;
            sentClears.add(previous);
            const clear = await post({ alarm_id: '100.101', alarm_state: 'clear', entity_instance_id: previous });
            await clear.text();
            if (clear.status !== 200) throw new Error(`clear answered ${clear.status}`);
            acknowledged.push({ state: 'clear', entity: previous });
          }
        } catch (error) {
          if (error instanceof Error && /answered/.test(error.message)) throw error;
          return; // the controller is gone: this change was never acknowledged
        }
      }
    };
    const clients = [0, 1, 2, 3, 4, 5].map(client);
    while (acknowledged.length < 400) await new Promise((r) => setTimeout(r, 5));
    const killed = running;
    killed.process.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    stop = true;
    await Promise.all(clients);
    running = null;

    running = await startController(args);
    url = running.url;
    const creds = { ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${url}/identity/v3`, XDG_CACHE_HOME: path.join(db.dir, 'cache') };
    const get = async (p: string) => {
      const res = await fetch(`${url}${p}`, { headers: { 'x-auth-token': token } });
      expect(res.status, p).toBe(200);
      return res.json();
    };
    const active = new Set<string>((await get('/fm/v1/alarms?include_suppress=True')).alarms.map((a: { entity_instance_id: string }) => a.entity_instance_id));
    const events = (await get('/fm/v1/event_log?limit=10000&include_suppress=True')).event_log as Array<{ state: string; entity_instance_id: string }>;
    const recorded = new Set(events.map((e) => `${e.state}|${e.entity_instance_id}`));

    for (const ack of acknowledged) {
      expect(recorded.has(`${ack.state}|${ack.entity}`), `${ack.state} of ${ack.entity} in the event log`).toBe(true);
      if (ack.state === 'clear') expect(active.has(ack.entity), `${ack.entity} cleared`).toBe(false);
      // A set stays active unless its clear was sent (a clear in flight at the kill may have committed).
      else if (!sentClears.has(ack.entity)) expect(active.has(ack.entity), `${ack.entity} active`).toBe(true);
    }
    // Both tables agree: an active alarm's last record is a set, a cleared one's a clear.
    const last = new Map<string, string>();
    for (const e of events) if (!last.has(e.entity_instance_id)) last.set(e.entity_instance_id, e.state);
    for (const [entity, state] of last) if (entity.startsWith('host=storm-')) expect(state === 'set', entity).toBe(active.has(entity));

    const verify = await murmur(['audit', 'verify'], creds);
    expect(verify.stdout).toContain('Audit log intact');

    // The receiver comes back: it gets every acknowledged change, at least once.
    await sink.start();
    const wanted = acknowledged.map((a) => `${a.state === 'set' ? 'raised' : 'cleared'}|${a.entity}`);
    const delivered = () =>
      new Set(
        sink!.received
          .filter((r) => r.status < 300)
          .flatMap((r) => (r.body as { changes: Array<{ change: string; entity_instance_id: string }> }).changes)
          .map((c) => `${c.change}|${c.entity_instance_id}`),
      );
    await sink.waitFor(() => {
      const got = delivered();
      return wanted.every((w) => got.has(w));
    }, 30_000);
  });
});
