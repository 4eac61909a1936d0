import type { FetchLike } from '@murmuration/client';
import http from 'node:http';
import https from 'node:https';

export interface LeanFetchOptions {
  /** The whole exchange (connect, send, answer) must finish within this, or it fails. */
  readonly timeoutMs: number;
  /** An answer longer than this fails before it is read whole. */
  readonly maxBodyBytes: number;
  /**
   * Connections to keep between the requests of one conversation (see `keptConnections`); without them, each
   * request has a connection of its own, closed after the answer.
   */
  readonly connections?: KeptConnections;
}

/**
 * Connections kept open between the requests of one conversation with one server (a subcloud's strategy step: its
 * pre-check, create, apply and looks come one after another), so that those requests do not each pay a connect
 * (a TLS handshake on a real subcloud). A connection idle for `idleMs` is closed; `close` closes them all.
 */
export interface KeptConnections {
  readonly http: http.Agent;
  readonly https: https.Agent;
  close(): void;
}

export function keptConnections(options: { readonly idleMs: number; readonly perServer: number }): KeptConnections {
  const { idleMs, perServer } = options;
  const settings = { keepAlive: true, timeout: idleMs, maxSockets: perServer, maxFreeSockets: perServer };
  const agents = { http: new http.Agent(settings), https: new https.Agent(settings) };
  return {
    ...agents,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** A kept connection the server had closed, found so by the request sent on it: nothing of it was read. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * A fetch for talking to many different servers: one new connection per request, closed after the answer (or a
 * conversation's kept connections), a deadline on the whole exchange and a cap on the answer's size. The global
 * fetch keeps a connection pool per origin, for good, which across 100,000 subclouds costs far more memory and
 * CPU than the connections save; node:http without an agent does not. A request sent on a kept connection that
 * the server had closed meanwhile is sent once more on a new one.
 */
export function leanFetch(options: LeanFetchOptions): FetchLike {
  const kept = options.connections;
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      const transport = secure ? https : http;
      const headers: Record<string, string> = kept ? {} : { connection: 'close' };
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (init.body !== undefined && init.body !== null && body === undefined) {
        reject(new TypeError('leanFetch sends text bodies only'));
        return;
      }
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const agent = kept ? (secure ? kept.https : kept.http) : false;
      let settled = false;
      let request: http.ClientRequest;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(new TypeError('fetch failed', { cause: error }));
      };
      const send = (again: boolean) => {
        let answered = false;
        request = transport.request(url, { method: init.method ?? 'GET', headers, agent }, (response) => {
          answered = true;
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
        const sent = request;
        request.on('error', (error: NodeJS.ErrnoException) => {
          if (!again && !answered && !settled && sent.reusedSocket && STALE_CODES.has(error.code ?? '')) send(true);
          else fail(error);
        });
        request.end(body);
      };
      const deadline = setTimeout(
        () => fail(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        options.timeoutMs,
      );
      init.signal?.addEventListener('abort', () => fail(new Error('aborted')), { once: true });
      send(false);
    });
}
