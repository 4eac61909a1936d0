import type { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the hollow subcloud received. */
export interface HollowRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** What the hollow subcloud answers a join: a status, a body (JSON unless text), and headers. */
export interface HollowAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HollowJoinSubcloud {
  readonly url: string;
  readonly requests: HollowRequest[];
  /** What the next joins are answered (a good join answer until set). */
  answer: (request: HollowRequest) => HollowAnswer;
  /** Requests never answered while this says so (none until set): a subcloud that hangs. */
  hangs: (request: HollowRequest) => boolean;
  close(): Promise<void>;
}

/** A join answer as a subcloud of this software version makes it. */
export function joinAnswer(overrides: Partial<DcJoinAnswer> = {}, url = 'http://127.0.0.1:1'): DcJoinAnswer {
  return {
    region_name: 'sc-region', system_uuid: '5c9e1c0e-6b8f-4a43-9b7e-0d2f1c3a4b5c', system_name: 'hollow',
    system_mode: 'simplex', software_version: '0.1.0-test', auth_url: `${url}/identity/v3`,
    account: {
      user_id: '0123456789abcdef0123456789abcdef', username: 'dcmanager-sc', password: 'Hollow-Account-Secret-7731',
      project_name: 'admin', user_domain_name: 'Default', project_domain_name: 'Default',
    },
    ...overrides,
  };
}

/**
 * Hollow subclouds on one real HTTP port, one per path prefix (`<url>/a`, `<url>/b`, …): each answers
 * `POST …/dcagent/v1/join` as it is told, an identity login for any admin password but `Wrong-Password`, and records
 * what it is asked. For the answers a real subcloud does not give (garbage, another release, a failure): the system
 * controller meets them over the network as it would a real one.
 */
export async function startHollowJoinSubcloud(): Promise<HollowJoinSubcloud> {
  const requests: HollowRequest[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const request: HollowRequest = {
        method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(request);
      if (hollow.hangs(request)) return;
      let answer: HollowAnswer;
      if (request.path.endsWith('/identity/v3/auth/tokens')) {
        type Login = { auth: { identity: { password: { user: { password: string } } } } };
        const password = (request.body as Login).auth.identity.password.user.password;
        answer = password === 'Wrong-Password'
          ? { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } }
          : {
              status: 201, headers: { 'x-subject-token': 'hollow-admin-token' },
              body: { token: { expires_at: new Date(Date.now() + 3600_000).toISOString(), user: { id: 'admin-id' }, project: { id: 'p' }, catalog: [] } },
            };
      } else if (request.path.endsWith('/dcagent/v1/join')) {
        answer = hollow.answer(request);
      } else {
        answer = { status: 404, body: { code: 'ROUTE_NOT_FOUND', message: 'No route', requestId: 'r' } };
      }
      const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hollow: HollowJoinSubcloud = {
    url,
    requests,
    // Each path prefix is a subcloud of its own: its region is named after it.
    answer: (request) => {
      const prefix = request.path.slice(0, -'/dcagent/v1/join'.length);
      return { status: 200, body: joinAnswer({ region_name: `region${prefix.replace(/\//g, '-') || '-root'}` }, `${url}${prefix}`) };
    },
    hangs: () => false,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return hollow;
}
