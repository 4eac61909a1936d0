import { createLogger } from '@murmuration/server';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { startWebhookSink, type WebhookSink } from '../../../test-support/webhook-sink.js';
import { loopHealth, type BackgroundLoop } from '../src/runtime/background-loop.js';
import { createLoopRuntime } from '../src/runtime/loop-runtime.js';
import { periodicLoop } from '../src/runtime/periodic-loop.js';
import { fmClient } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
const until = async (what: string, check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const busy = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe('the background-loop runtime', () => {
  it('starts the loops in their order and stops them in the reverse one, each after its signal aborted', async () => {
    const seen: string[] = [];
    const loop = (name: string): BackgroundLoop => {
      let signal: AbortSignal | null = null;
      return {
        name,
        health: loopHealth(),
        async start(given) {
          signal = given;
          seen.push(`start ${name}`);
        },
        async stop() {
          seen.push(`stop ${name}${signal?.aborted ? ' (aborted)' : ''}`);
        },
      };
    };
    const runtime = createLoopRuntime([loop('a'), loop('b'), loop('c')], quiet);
    await runtime.start();
    await runtime.stop();
    expect(seen).toEqual(['start a', 'start b', 'start c', 'stop c (aborted)', 'stop b (aborted)', 'stop a (aborted)']);
    expect(() => createLoopRuntime([loop('a'), loop('a')], quiet)).toThrow('two background loops are named a');
  });

  it('runs a periodic pass on its timer, records a failing one, and waits for the pass under way at the stop', async () => {
    let passes = 0;
    let release: (() => void) | null = null;
    const reported: unknown[] = [];
    const loop = periodicLoop({
      name: 'ticker',
      everyMs: 10,
      async run() {
        passes += 1;
        if (passes === 2) throw new Error('the second pass fails');
        if (passes === 3) await new Promise<void>((resolve) => (release = resolve));
      },
      onError: (error) => reported.push(error),
    });
    const runtime = createLoopRuntime([loop], quiet);
    await runtime.start();
    await until('the third pass under way', () => release !== null);
    expect(loop.health).toMatchObject({ errors: 1, lastError: { message: 'the second pass fails' } });
    expect(reported).toHaveLength(1);
    // A pass that outruns its period makes the loop late, more so the longer it runs.
    await new Promise((r) => setTimeout(r, 60));
    expect(loop.health.lagMs()).toBeGreaterThanOrEqual(40);
    let stopped = false;
    const stopping = runtime.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false);
    release!();
    await stopping;
    expect(passes).toBe(3);
  });

  it('reports as lag how late a pass began when the event loop was held', async () => {
    let passes = 0;
    const loop = periodicLoop({ name: 'held', everyMs: 10, run: async () => void (passes += 1) });
    const runtime = createLoopRuntime([loop], quiet);
    await runtime.start();
    await until('a first pass', () => passes > 0);
    busy(200);
    const before = passes;
    await until('a pass after the hold', () => passes > before);
    expect(loop.health.lagMs()).toBeGreaterThanOrEqual(150);
    await runtime.stop();
  });
});

describe.each(testDialects())('background loops of a controller on %s', (dialect) => {
  let admin: string;
  let sink: WebhookSink;
  const metric = async (name: string) => {
    const body = (await t.request({ method: 'GET', url: '/metrics', token: admin })).body;
    return body.split('\n').filter((l) => l.startsWith(`${name}{`));
  };
  const value = async (name: string, loop: string) => {
    const line = (await metric(name)).find((l) => l.includes(`loop="${loop}"`));
    return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  const t = useTestController(dialect, { config: { fault: { deliveryMaxBackoffSeconds: 1 } } });
  beforeAll(async () => {
    sink = await startWebhookSink({ status: 503 });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it('shows every loop on /metrics with its lag and failures, and a receiver that fails as the delivery loop’s last error', async () => {
    expect((await metric('murmur_loop_lag_seconds')).map((l) => /loop="([^"]+)"/.exec(l)![1])).toEqual([
      'audit-repeat-flush', 'event-feed', 'receiver-delivery', 'alertmanager-resend', 'event-log-trim', 'heartbeat-sweep', 'strategy-runner:sw-upgrade', 'token-purge',
    ]);
    expect(await value('murmur_loop_errors_total', 'receiver-delivery')).toBe(0);
    expect(await metric('murmur_loop_last_error_timestamp_seconds')).toEqual([]);

    const added = await t.request({ method: 'POST', url: '/fm/v1/receivers', token: admin, body: { name: 'failing-hook', type: 'webhook', url: `${sink.url}/hook` } });
    expect(added.status, added.body).toBe(201);
    await fmClient(t, () => admin).raise('100.101', 'host=controller-0.processor=0', 'major');
    await until('a failed delivery', async () => ((await value('murmur_loop_errors_total', 'receiver-delivery')) ?? 0) > 0);
    const [last] = await metric('murmur_loop_last_error_timestamp_seconds');
    expect(last).toMatch(/^murmur_loop_last_error_timestamp_seconds\{loop="receiver-delivery",error="HTTP 503"\} \d+/);
    // Behind the log since the alarm was raised, until the receiver takes the change.
    expect(await value('murmur_loop_lag_seconds', 'receiver-delivery')).toBeGreaterThan(0);
    sink.setStatus(204);
    await sink.waitFor((received) => received.some((r) => r.status === 204));
    await until('caught up', async () => (await value('murmur_loop_lag_seconds', 'receiver-delivery')) === 0);
  });
});
