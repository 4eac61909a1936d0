import type { FetchLike } from '@murmuration/client';
import http from 'node:http';
import https from 'node:https';

export interface LeanFetchOptions {
  /** The whole exchange (connect, send, answer) must finish within this, or it fails. */
  readonly timeoutMs: number;
  /** An answer longer than this fails before it is read whole. */
  readonly maxBodyBytes: number;
}

/**
 * A fetch for talking to many different servers once each: one new connection per request,
 * closed after the answer, a deadline on the whole exchange and a cap on the answer's size. The
 * global fetch keeps a connection pool per origin, which across 100,000 subclouds costs far
 * more memory and CPU than the connections save; node:http without an agent does not.
 */
export function leanFetch(options: LeanFetchOptions): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const transport = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { connection: 'close' };
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (init.body !== undefined && init.body !== null && body === undefined) {
        reject(new TypeError('leanFetch sends text bodies only'));
        return;
      }
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(new TypeError('fetch failed', { cause: error }));
      };
      const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > options.maxBodyBytes) {
            fail(Object.assign(new Error(`the answer is longer than ${options.maxBodyBytes} bytes`), { code: 'EBODYTOOLARGE' }));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') answerHeaders.set(name, value);
            else if (Array.isArray(value)) for (const v of value) answerHeaders.append(name, v);
          }
          const status = response.statusCode ?? 500;
          const noBody = status === 204 || status === 304 || (init.method ?? 'GET') === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: answerHeaders }));
        });
      });
      const deadline = setTimeout(
        () => fail(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        options.timeoutMs,
      );
      init.signal?.addEventListener('abort', () => fail(new Error('aborted')), { once: true });
      request.on('error', fail);
      request.end(body);
    });
}
