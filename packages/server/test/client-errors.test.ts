import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestController } from './support/use-test-controller.js';

/** Sends raw bytes on a fresh connection and returns everything the server wrote before closing. */
function exchange(port: number, bytes: string, options: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(bytes);
    if (options.end) socket.end();
  });
}

function parse(answer: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head, body] = answer.split('\r\n\r\n', 2) as [string, string];
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) };
}

// Requests Node's HTTP parser refuses before any route sees them: answered in the API's own format.
describe('requests refused by the HTTP parser', () => {
  let port: number;

  const t = useTestController('sqlite', { config: { headersTimeoutMs: 300 } });
  beforeAll(async () => {
    port = Number(new URL(await t.controller.listen()).port);
  });

  it('answers a malformed header on a sysinv path with the sysinv fault body (400)', async () => {
    const res = parse(await exchange(port, 'GET /sysinv/v1/ihosts HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.headers['x-error-code']).toBe('MALFORMED_BODY');
    const fault = JSON.parse((res.body as { error_message: string }).error_message);
    expect(fault).toEqual({ faultstring: 'The request is not valid HTTP.', debuginfo: null, faultcode: 'Client' });
  });

  it('answers headers larger than the limit on an identity path in the Keystone format (431)', async () => {
    const res = parse(await exchange(port, `GET /identity/v3/users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers['x-error-code']).toBe('HEADERS_TOO_LARGE');
    expect(res.body).toEqual({ error: { code: 431, title: 'Request Header Fields Too Large', message: 'The request headers are larger than the server accepts.' } });
  });

  it('answers a client that never finishes its headers with a 408 in the native format', async () => {
    const res = parse(await exchange(port, 'GET /audit/v1/entries HTTP/1.1\r\nHost: x\r\n'));
    expect(res.status).toBe(408);
    expect(res.body).toMatchObject({ code: 'REQUEST_TIMEOUT', message: 'The request was not received in time.' });
  });
});
