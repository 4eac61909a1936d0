import { discoverHost, fixtureRoots } from '@murmuration/agent';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testDialects } from '../../../test-support/databases.js';
import { fmClient } from './support/fm-helpers.js';
import { createManualClock } from './support/manual-clock.js';
import { useTestController } from './support/use-test-controller.js';

/** A host agent's connection as the agent opens it: a real WebSocket to the listening controller. */
class AgentSocket {
  readonly messages: Array<Record<string, unknown>> = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  }

  static open(base: string, uuid: string, credential: string): Promise<AgentSocket> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/agent/v1/hosts/${uuid}/connect`, { headers: { 'x-host-credential': credential } });
    const agent = new AgentSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('message', () => resolve(agent));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** The status the controller refused an upgrade with. */
  static refusal(base: string, uuid: string, credential: string): Promise<number> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/agent/v1/hosts/${uuid}/connect`, { headers: { 'x-host-credential': credential } });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        // Closing a refused handshake reports an error of its own, expected here.
        socket.on('error', () => undefined);
        socket.terminate();
      });
      socket.once('open', () => reject(new Error('the controller accepted the connection')));
    });
  }

  beat(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.send(Buffer.from([1]), (error) => (error ? reject(error) : resolve())),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  async waitFor(type: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const found = this.messages.find((m) => m['type'] === type);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} message arrived`);
  }
}

describe.each(testDialects())('host maintenance over the agent connection on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  let admin: string;
  let base: string;
  const joined: Record<string, { uuid: string; credential: string }> = {};
  const host = async (name: string) => (await t.request({ method: 'GET', url: `/sysinv/v1/ihosts/${name}`, token: admin })).json();
  const states = async (name: string) => {
    const h = await host(name);
    return `${h.administrative}/${h.operational}/${h.availability}`;
  };
  /** Time passes and maintenance looks at the hosts. */
  const after = async (ms: number) => {
    clock.advance(ms);
    await t.controller.services.maintenance.sweep();
  };
  const alarmsOf = async (name: string) =>
    (await fm.alarms(`q.field=entity_instance_id&q.op=eq&q.value=host=${name}`)).map((a) => `${a['alarm_id']}:${a['severity']}`).sort();

  const t = useTestController(dialect, { clock, config: { systemMode: 'duplex', maintenance: { offlineAfterMs: 5000, startupGraceMs: 0 } } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    base = await t.controller.listen();
    admin = await t.adminToken();
    for (const hostname of ['compute-0', 'compute-1']) {
      const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token;
      const res = await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: token, hostname, personality: 'worker' } });
      expect(res.status, res.body).toBe(200);
      joined[hostname] = { uuid: res.json().host_uuid, credential: res.json().credential };
    }
  });

  it('refuses a connection without a valid credential of that very host', async () => {
    const a = joined['compute-0']!;
    const b = joined['compute-1']!;
    expect(await AgentSocket.refusal(base, a.uuid, 'nonsense')).toBe(401);
    expect(await AgentSocket.refusal(base, b.uuid, a.credential)).toBe(403);
  });

  it('greets an agent with its heartbeat period and configuration target, and marks a locked host online', async () => {
    const a = joined['compute-0']!;
    const socket = await AgentSocket.open(base, a.uuid, a.credential);
    expect(socket.messages[0]).toEqual({ type: 'hello', host_uuid: a.uuid, hostname: 'compute-0', heartbeat_period_ms: 100, config_target: 0 });
    await socket.beat();
    await after(50);
    expect(await states('compute-0')).toBe('locked/disabled/online');

    // A locked host that goes silent is offline, with no heartbeat alarms: it is out of service anyway.
    await socket.close();
    await after(1000);
    expect(await states('compute-0')).toBe('locked/disabled/offline');
    expect(await alarmsOf('compute-0')).toEqual(['200.001:warning']);
  });

  it('marks an unlocked host degraded, failed and offline as heartbeats stop, with its alarms, and recovers it when they return', async () => {
    const a = joined['compute-0']!;
    const report = await discoverHost(await fixtureRoots('small-aio'));
    const put = await t.request({ method: 'PUT', url: `/agent/v1/hosts/${a.uuid}/inventory`, token: null, headers: { 'x-host-credential': a.credential }, body: report });
    expect(put.status, put.body).toBe(204);
    let socket = await AgentSocket.open(base, a.uuid, a.credential);
    await socket.beat();
    await after(50);
    const unlock = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] });
    expect(unlock.status, unlock.body).toBe(200);
    expect(unlock.json()).toMatchObject({ administrative: 'unlocked', operational: 'enabled', availability: 'available' });
    expect(await alarmsOf('compute-0')).toEqual([]);

    // Beats stop: 5 missed periods are nothing yet, the 6th degrades, the 10th fails.
    await after(550);
    expect(await states('compute-0')).toBe('unlocked/enabled/available');
    await after(50);
    expect(await states('compute-0')).toBe('unlocked/enabled/degraded');
    expect(await alarmsOf('compute-0')).toEqual(['200.005:major']);
    await after(400);
    expect(await states('compute-0')).toBe('unlocked/disabled/failed');
    expect(await alarmsOf('compute-0')).toEqual(['200.004:critical', '200.005:critical']);

    // The agent is gone: offline once it has been away long enough; the failure alarms stay.
    await socket.close();
    await after(4999);
    expect(await states('compute-0')).toBe('unlocked/disabled/failed');
    await after(1);
    expect(await states('compute-0')).toBe('unlocked/disabled/offline');
    expect(await alarmsOf('compute-0')).toEqual(['200.004:critical', '200.005:critical']);

    // It comes back: available, alarms cleared, and the event log tells the story.
    socket = await AgentSocket.open(base, a.uuid, a.credential);
    await socket.beat();
    await after(10);
    expect(await states('compute-0')).toBe('unlocked/enabled/available');
    expect(await alarmsOf('compute-0')).toEqual([]);
    const events = await fm.events('q.field=entity_instance_id&q.op=eq&q.value=host=compute-0&alarms=True');
    expect(events.filter((e) => e['event_log_id'] === '200.005').map((e) => `${e['state']}:${e['severity']}`).reverse()).toEqual(['set:major', 'set:critical', 'clear:critical']);

    // Locking a degraded host takes its heartbeat alarm away: a locked host is out of service.
    await after(600);
    expect(await alarmsOf('compute-0')).toEqual(['200.005:major']);
    await socket.beat();
    const lock = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'lock' }] });
    expect(lock.status, lock.body).toBe(200);
    await after(10);
    expect(await states('compute-0')).toBe('locked/disabled/online');
    expect(await alarmsOf('compute-0')).toEqual(['200.001:warning']);
    await socket.close();
  });

  it('tells a connected agent about a new configuration generation as soon as it is committed', async () => {
    const a = joined['compute-1']!;
    const socket = await AgentSocket.open(base, a.uuid, a.credential);
    const res = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-1', token: admin, body: [{ op: 'replace', path: '/location', value: 'row 2' }] });
    expect(res.status, res.body).toBe(200);
    expect(await socket.waitFor('config')).toEqual({ type: 'config', config_target: 1 });
    await socket.close();
  });

  it('replaces an older connection of the same host with the newer one', async () => {
    const a = joined['compute-1']!;
    const first = await AgentSocket.open(base, a.uuid, a.credential);
    const closed = new Promise<number>((resolve) => first.socket.once('close', (code) => resolve(code)));
    const second = await AgentSocket.open(base, a.uuid, a.credential);
    expect(await closed).toBe(4001);
    await second.beat();
    await after(50);
    expect(await states('compute-1')).toBe('locked/disabled/online');
    await second.close();
  });
});
