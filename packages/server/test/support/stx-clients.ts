import type { InjectResult, TestController } from './test-controller.js';

/**
 * Python's `json.dumps` with its defaults (`", "` and `": "` separators, non-ASCII escaped), the
 * bytes the StarlingX clients put in a request body.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(value);
}

/** A StarlingX client as it reaches one service: its user agent and the catalog prefix of the service. */
export interface StxClient {
  /** `path` as the client source writes it (`/v1/…`); `body` is encoded as the client encodes it. */
  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<InjectResult>;
}

function stxClient(t: TestController, token: () => string, prefix: string, userAgent: string): StxClient {
  return {
    request: (method, path, body) =>
      t.request({
        method,
        url: `${prefix}${path}`,
        token: token(),
        // `_delete` goes through raw_request (an octet-stream content type, no body); the rest through json_request.
        headers: method === 'DELETE' ? { 'content-type': 'application/octet-stream', 'user-agent': userAgent } : { 'content-type': 'application/json', accept: 'application/json', 'user-agent': userAgent },
        ...(body !== undefined ? { rawBody: pythonJson(body) } : {}),
      }),
  };
}

/**
 * cgtsclient (`system`): keystoneauth joins the client's `/v1/…` paths, less their `/v1`, to the
 * catalog's `…/sysinv/v1`.
 */
export const systemClient = (t: TestController, token: () => string): StxClient => stxClient(t, token, '/sysinv', 'cgtsclient');

/** python-fmclient (`fm`): its `/v1/…` paths under the catalog's `…/fm`. */
export const fmClientOf = (t: TestController, token: () => string): StxClient => stxClient(t, token, '/fm', 'python-fmclient');

/**
 * Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` as they are, a space as `+`, the rest %-escaped UTF-8.
 */
function quotePlus(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9_.~-]/.test(c)) return c;
      return b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/**
 * One `-q` term after fmclient's cli_to_array: `severity>=major` is `{ field: 'severity', op: 'ge', value: 'major',
 * type: '' }`.
 */
export interface FmQueryTerm {
  readonly field: string;
  readonly op: string;
  readonly value: string;
  readonly type: string;
}

/**
 * fmclient's options.build_url: the q lists sorted by name (field, op, type, value) and
 * urlencoded with doseq, then the other parameters as given.
 */
export function fmQueryUrl(path: string, q: readonly FmQueryTerm[], params: readonly string[] = []): string {
  if (q.length === 0) return params.length === 0 ? path : `${path}?${params.join('&')}`;
  const lists = (['field', 'op', 'type', 'value'] as const).flatMap((name) => q.map((term) => `q.${name}=${quotePlus(term[name])}`));
  return `${path}?${[...lists, ...params].join('&')}`;
}
