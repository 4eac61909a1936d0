import { createController, compileConfig, createLogger, type Controller, type RawConfig } from '@murmuration/server';
import type { Clock } from '@murmuration/core/common';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { freshDatabase, type TestDatabase, type TestDialect } from '../../../../test-support/databases.js';

export interface InjectOptions {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  token?: string | null;
  body?: unknown;
  /** Raw payload sent as is (malformed JSON, huge bodies, binary uploads). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** The client address the request comes from (default 127.0.0.1). */
  remoteAddress?: string;
}

export interface InjectResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  // Suites read response bodies freely and let `expect` check their shape; a typed parse would
  // need a cast at each of some 300 reads.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = any>(): T;
}

export interface TestController {
  readonly controller: Controller;
  readonly db: TestDatabase;
  readonly adminPassword: string;
  /** Every log line the controller wrote, as text (to check that no secret leaks). */
  readonly logs: () => string;
  request(options: InjectOptions): Promise<InjectResult>;
  /** Issues a project-scoped token; throws with the response when it is refused. */
  login(user: string, password: string, project?: string | null): Promise<string>;
  /** A token for the seeded admin on the admin project. */
  adminToken(): Promise<string>;
  /**
   * Closes the controller and makes a new one on the same database, data directory and settings, as a
   * controller restarted after it died: what it had under way is picked up from what it persisted.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** What a suite may change in the controller it starts. */
export interface TestControllerOptions {
  clock?: Clock;
  config?: RawConfig;
  /** Files put in the data directory before the first start (mode 0600), by name: a signing key shared with another. */
  dataFiles?: Readonly<Record<string, string>>;
}

/** Cheap scrypt so that the suites stay fast; production uses the default cost. */
const TEST_HASH_COST = { ln: 10, r: 8, p: 1 };

/**
 * A real controller (composition root, real database of the given dialect) driven through
 * Fastify's inject: the whole HTTP stack without a socket.
 */
export async function startTestController(
  dialect: TestDialect,
  options: TestControllerOptions = {},
): Promise<TestController> {
  const db = await freshDatabase(dialect);
  const config = compileConfig(
    {
      listen: '127.0.0.1:0',
      database: db.location.kind === 'postgres' ? db.location.url : undefined,
      passwordHashCost: TEST_HASH_COST,
      ...options.config,
      dataDir: db.dir,
    },
    { dataDir: db.dir, softwareVersion: '0.1.0-test' },
  );
  for (const [name, content] of Object.entries(options.dataFiles ?? {})) {
    writeFileSync(path.join(db.dir, name), content, { mode: 0o600 });
  }
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const start = async () => {
    const made = await createController(config, { ...(options.clock ? { clock: options.clock } : {}), logger: createLogger('debug', sink) });
    await made.http.ready();
    return made;
  };
  let controller = await start();
  const adminPassword = controller.firstStart?.adminPassword ?? '';

  async function request(o: InjectOptions): Promise<InjectResult> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers['x-auth-token'] = o.token;
    let payload: string | Buffer | undefined;
    if (o.rawBody !== undefined) payload = o.rawBody;
    else if (o.body !== undefined) payload = JSON.stringify(o.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await controller.http.inject({
      method: o.method,
      url: o.url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
      ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
    });
    return { status: res.statusCode, headers: res.headers as InjectResult['headers'], body: res.body, json: () => JSON.parse(res.body) };
  }

  async function login(user: string, password: string, project: string | null = 'admin'): Promise<string> {
    const res = await request({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'Default' } } } },
          ...(project !== null ? { scope: { project: { name: project, domain: { name: 'Default' } } } } : {}),
        },
      },
    });
    if (res.status !== 201) throw new Error(`login of ${user} failed: ${res.status} ${res.body}`);
    return String(res.headers['x-subject-token']);
  }

  return {
    get controller() {
      return controller;
    },
    db,
    adminPassword,
    logs: () => logText,
    request,
    login,
    adminToken: () => login('admin', adminPassword, 'admin'),
    async restart() {
      await controller.close();
      controller = await start();
    },
    async close() {
      await controller.close();
      await db.drop();
    },
  };
}
