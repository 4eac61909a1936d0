import type { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A bare HTTP client for the hollow subclouds' tests: one new connection per request, as a separate machine. */

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  json(): unknown;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  const { body: given } = options;
  const body = given === undefined ? undefined : typeof given === 'string' || Buffer.isBuffer(given) ? given : JSON.stringify(given);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          connection: 'close',
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
        });
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

export const joinBody = (joinToken: string | undefined, name = 'subcloud1') => ({
  ...(joinToken !== undefined ? { join_token: joinToken } : {}),
  name,
  system_controller: { region: 'RegionOne', url: 'http://192.0.2.10:6385', software_version: '0.1.0' },
});

export async function joinHollow(url: string, joinToken: string, name?: string): Promise<DcJoinAnswer> {
  const answer = await rawRequest(`${url}/dcagent/v1/join`, { method: 'POST', body: joinBody(joinToken, name) });
  if (answer.status !== 200) throw new Error(`join ${url}: ${answer.status} ${answer.text}`);
  return answer.json() as DcJoinAnswer;
}

export const loginBody = (name: string, password: string) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name, password, domain: { name: 'Default' } } } },
    scope: { project: { name: 'admin', domain: { name: 'Default' } } },
  },
});

/** Logs in as the account a join answered; the token. */
export async function loginHollow(url: string, account: DcJoinAnswer['account']): Promise<string> {
  const answer = await rawRequest(`${url}/identity/v3/auth/tokens`, { method: 'POST', body: loginBody(account.username, account.password) });
  if (answer.status !== 201) throw new Error(`login ${url}: ${answer.status} ${answer.text}`);
  return String(answer.headers['x-subject-token']);
}

export function auditHollow(url: string, token: string, etag?: string): Promise<RawAnswer> {
  return rawRequest(`${url}/dcagent/v1/audit`, { headers: { 'x-auth-token': token, ...(etag ? { 'if-none-match': etag } : {}) } });
}

/** Runs `work` over `items` (with each one's index), `concurrency` at a time. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
