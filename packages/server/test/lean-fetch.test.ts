import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptConnections, leanFetch } from '../src/runtime/lean-fetch.js';

describe('lean fetch: one connection per request (or a conversation\'s kept ones), a deadline and a size cap', () => {
  let server: http.Server;
  let base: string;
  const seen: { connection: string | undefined; remotePort: number | undefined; body: string }[] = [];
  /** Requests each connection has served. */
  const served = new WeakMap<object, number>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ connection: req.headers.connection, remotePort: req.socket.remotePort, body });
        const before = served.get(req.socket) ?? 0;
        served.set(req.socket, before + 1);
        if (req.url === '/hang') return;
        // A server that dropped a kept connection: the request sent on it is never answered there.
        if (req.url === '/drop-kept' && before > 0) {
          req.socket.destroy();
          return;
        }
        if (req.url === '/drop') {
          req.socket.destroy();
          return;
        }
        if (req.url === '/big') {
          res.end('x'.repeat(10_000));
          return;
        }
        if (req.headers['if-none-match'] === '"e"') {
          res.writeHead(304, { etag: '"e"' });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', etag: '"e"', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ method: req.method, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fetchFn = leanFetch({ timeoutMs: 300, maxBodyBytes: 1000 });

  it('answers as fetch does, on a new connection each time, closed after the answer', async () => {
    const first = await fetchFn(`${base}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"e"');
    expect(await first.json()).toEqual({ method: 'POST', body: '{"a":1}' });
    const second = await fetchFn(`${base}/x`, { headers: { 'if-none-match': '"e"' } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
    const last = seen.slice(-2);
    expect(last.map((s) => s.connection)).toEqual(['close', 'close']);
    expect(last[0]!.remotePort).not.toBe(last[1]!.remotePort);
  });

  it('fails an answer that does not come within the deadline', async () => {
    const error = await fetchFn(`${base}/hang`).then(() => null, (e: unknown) => e as TypeError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error!.cause as { code?: string }).code).toBe('ETIMEDOUT');
  });

  it('fails an answer longer than the cap before reading it whole', async () => {
    const error = await fetchFn(`${base}/big`).then(() => null, (e: unknown) => e as TypeError);
    expect((error!.cause as { code?: string }).code).toBe('EBODYTOOLARGE');
  });

  it('keeps a conversation\'s connections for its requests, and closes them when told', async () => {
    const connections = keptConnections({ idleMs: 5000, perServer: 2 });
    const kept = leanFetch({ timeoutMs: 300, maxBodyBytes: 1000, connections });
    for (let i = 0; i < 3; i++) expect((await kept(`${base}/x`)).status).toBe(200);
    const three = seen.slice(-3);
    expect(three.map((s) => s.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    expect(new Set(three.map((s) => s.remotePort)).size).toBe(1);
    connections.close();
    expect((await kept(`${base}/x`)).status).toBe(200);
    expect(seen.at(-1)!.remotePort).not.toBe(three[0]!.remotePort);
    connections.close();
  });

  it('sends a request again on a new connection when the server had dropped the kept one, never one that was not', async () => {
    const connections = keptConnections({ idleMs: 5000, perServer: 1 });
    const kept = leanFetch({ timeoutMs: 300, maxBodyBytes: 1000, connections });
    expect((await kept(`${base}/x`)).status).toBe(200);
    const answer = await kept(`${base}/drop-kept`, { method: 'POST', body: '{"b":2}' });
    expect(await answer.json()).toEqual({ method: 'POST', body: '{"b":2}' });
    const [dropped, again] = seen.slice(-2);
    expect(dropped!.remotePort).toBe(seen.at(-3)!.remotePort);
    expect(again!.remotePort).not.toBe(dropped!.remotePort);
    connections.close();
    const error = await kept(`${base}/drop`).then(() => null, (e: unknown) => e as TypeError);
    expect((error!.cause as { code?: string }).code).toBe('ECONNRESET');
    connections.close();
  });

  it('fails a refused connection as fetch does', async () => {
    const error = await fetchFn('http://127.0.0.1:1/').then(() => null, (e: unknown) => e as TypeError);
    expect((error!.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
