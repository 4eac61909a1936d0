import { runCli } from '@murmuration/cli';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export type Answer = { status?: number; body: unknown } | ((r: Recorded) => { status?: number; body: unknown });

export const webob = (status: string, explanation: string, message: string) =>
  `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${explanation}<br /><br />\n${message}\n\n\n </body>\n</html>`;

/**
 * A hollow system controller over real HTTP: a token whose catalog has dcmanager in region
 * SystemController only, every dcmanager request recorded and answered from `answers`.
 */
export function hollowSystemController() {
  const requests: Recorded[] = [];
  let answers: Record<string, Answer> = {};
  let base = '';
  const read = async (req: IncomingMessage): Promise<string> => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text;
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      const entry = (region: string, type: string, path: string) => ({
        type,
        endpoints: ['public', 'internal', 'admin'].map((i) => ({ interface: i, region, region_id: region, url: `${base}${path}` })),
      });
      if (req.url === '/identity/v3/auth/tokens') {
        const catalog = [entry('RegionOne', 'platform', '/sysinv/v1'), entry('SystemController', 'dcmanager', '/dcmanager/v1.0')];
        const token = { expires_at: '2999-01-01T00:00:00.000000Z', user: { id: 'u' }, project: { id: 'p' }, catalog };
        res.writeHead(201, { 'x-subject-token': 'tok', 'content-type': 'application/json' }).end(JSON.stringify({ token }));
        return;
      }
      const recorded = { method: req.method!, path: req.url!, body: text === '' ? null : JSON.parse(text) };
      requests.push(recorded);
      const found = answers[`${req.method} ${req.url!.replace(/^\/dcmanager\/v1\.0/, '')}`];
      const answer = typeof found === 'function' ? found(recorded) : found;
      if (!answer) {
        res.writeHead(404, { 'content-type': 'text/html' }).end(webob('404 Not Found', 'The resource could not be found.', 'Subcloud not found'));
        return;
      }
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': typeof answer.body === 'string' ? 'text/html' : 'application/json' }).end(body);
    });
  });
  return {
    server,
    requests,
    answer: (next: Record<string, Answer>) => {
      answers = next;
      requests.length = 0;
    },
    listen: async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return base;
    },
  };
}

/** What the CLI printed since the last test began (or the last `clear`). */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
  clear(): void;
}

/**
 * `murmur dcmanager …` run in this process against a hollow system controller, for one
 * describe: its server started and stopped with it, standard output and error captured per test.
 */
export function useDcmanagerCli() {
  const hollow = hollowSystemController();
  let auth: string[] = [];
  const io: CapturedOutput = {
    stdout: '',
    stderr: '',
    clear() {
      io.stdout = '';
      io.stderr = '';
    },
  };
  beforeAll(async () => {
    const base = await hollow.listen();
    auth = ['--os-auth-url', `${base}/identity/v3`, '--os-username', 'admin', '--os-password', 'pw', '--os-project-name', 'admin', '--no-cache'];
  });
  afterAll(() => new Promise<void>((resolve) => hollow.server.close(() => resolve())));
  beforeEach(() => {
    io.clear();
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((io.stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((io.stderr += String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = 0;
  });
  const run = async (globals: readonly string[], args: readonly string[]): Promise<number> => {
    process.exitCode = 0;
    await runCli([...auth, ...globals, 'dcmanager', ...args]);
    return Number(process.exitCode ?? 0);
  };
  return {
    hollow,
    io,
    /** Runs `murmur dcmanager …`; its exit status. */
    dc: (...args: string[]): Promise<number> => run([], args),
    /** Runs `murmur <global options> dcmanager …`; its exit status. */
    dcWith: (globals: readonly string[], ...args: string[]): Promise<number> => run(globals, args),
    /** The dcmanager requests the hollow system controller received since its answers were last set. */
    sent: () => hollow.requests.map((r) => [r.method, r.path, r.body]),
    /** The rows of the table printed, cell by cell. */
    fieldRows: () => io.stdout.split('\n').filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim())),
  };
}
