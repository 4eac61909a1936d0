import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One POST the sink received, in arrival order. */
export interface ReceivedRequest {
  /** Path and query string, e.g. `/hook?x=1`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON; the raw text when it is not JSON; null when empty. */
  readonly body: unknown;
  readonly receivedAt: Date;
  /** The status the sink answered with. */
  readonly status: number;
}

export interface WebhookSinkOptions {
  /** Port to listen on (127.0.0.1); 0, the default, picks a free one. */
  port?: number;
  /** Status to answer every POST with; 204 unless set. */
  status?: number;
}

/** A real HTTP receiver for webhook notifications. */
export interface WebhookSink {
  /** Base URL, `http://127.0.0.1:PORT` (no trailing slash); stays the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** Every POST so far, oldest first, including those answered with an error status; kept across restarts. */
  readonly received: ReceivedRequest[];
  /** Whether the server is listening. */
  readonly running: boolean;
  /** Answers later POSTs with this status (e.g. 503 for a failing receiver); 204 is the default. */
  setStatus(code: number): void;
  /** Resolves with `received` once `predicate(received)` holds; rejects after `timeoutMs` saying how many arrived. */
  waitFor(predicate: (received: readonly ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Closes the server and destroys its open sockets, so keep-alive clients see the connection drop. */
  stop(): Promise<void>;
  /** Listens again on the same port (retrying briefly while it is still in use); a no-op when running. */
  start(): Promise<void>;
}

const DEFAULT_STATUS = 204;
const DEFAULT_WAIT_MS = 10_000;
const REBIND_RETRY_MS = 3_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('webhook sink: the server has no port'));
    });
  });
}

/** Listens on `port`, retrying for a few seconds while it is still held (EADDRINUSE), e.g. just after a stop. */
async function listenRetrying(server: Server, port: number): Promise<number> {
  const deadline = Date.now() + REBIND_RETRY_MS;
  for (;;) {
    try {
      return await listen(server, port);
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port === 0 || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface Waiter {
  predicate: (received: readonly ReceivedRequest[]) => boolean;
  resolve: (received: ReceivedRequest[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Starts a webhook receiver on 127.0.0.1 that records every POST (path, headers, parsed JSON
 * body, time) and answers it with a settable status. Other methods get 405 and are not recorded.
 */
export async function startWebhookSink(options: WebhookSinkOptions = {}): Promise<WebhookSink> {
  const received: ReceivedRequest[] = [];
  const waiters = new Set<Waiter>();
  let status = options.status ?? DEFAULT_STATUS;
  let port = options.port ?? 0;
  let server: { http: Server; sockets: Set<Socket> } | null = null;

  const settleWaiters = () => {
    for (const waiter of waiters) {
      try {
        if (!waiter.predicate(received)) continue;
        waiters.delete(waiter);
        waiter.resolve(received);
      } catch (error) {
        // A throwing predicate fails its own waitFor, never the request being recorded.
        waiters.delete(waiter);
        waiter.reject(error);
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answered = status;
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: parseBody(Buffer.concat(chunks).toString('utf8')),
        receivedAt: new Date(),
        status: answered,
      });
      res.writeHead(answered).end();
      settleWaiters();
    });
  };

  const start = async () => {
    if (server) return;
    const next = createServer(handle);
    const sockets = new Set<Socket>();
    next.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    port = await listenRetrying(next, port);
    server = { http: next, sockets };
  };

  const stop = async () => {
    const current = server;
    if (!current) return;
    server = null;
    const closed = new Promise<void>((resolve) => current.http.close(() => resolve()));
    // Drop idle keep-alive sockets too, so a client notices instead of reusing a dead connection.
    for (const socket of current.sockets) socket.destroy();
    current.http.closeAllConnections();
    await closed;
  };

  await start();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    received,
    get running() {
      return server !== null;
    },
    setStatus(code: number) {
      status = code;
    },
    waitFor(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      if (predicate(received)) return Promise.resolve(received);
      return new Promise<ReceivedRequest[]>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (list) => {
            clearTimeout(timer);
            resolve(list);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const last = received.at(-1);
          const lastText = last ? `; last: ${last.path} ${JSON.stringify(last.body)?.slice(0, 500)}` : '';
          reject(new Error(`webhook sink: condition not met within ${timeoutMs} ms; ${received.length} request(s) received${lastText}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop,
    start,
  };
}

/** Starts a fresh sink (with an empty `received`) on the port a stopped sink used. */
export function restartWebhookSink(previousPort: number, options: Omit<WebhookSinkOptions, 'port'> = {}): Promise<WebhookSink> {
  return startWebhookSink({ ...options, port: previousPort });
}
