import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanFetch } from '../src/runtime/lean-fetch.js';

describe('lean fetch: one connection per request, a deadline and a size cap', () => {
  let server: http.Server;
  let base: string;
  const seen: { connection: string | undefined; remotePort: number | undefined; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ connection: req.headers.connection, remotePort: req.socket.remotePort, body });
        if (req.url === '/hang') return;
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

  it('fails a refused connection as fetch does', async () => {
    const error = await fetchFn('http://127.0.0.1:1/').then(() => null, (e: unknown) => e as TypeError);
    expect((error!.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
