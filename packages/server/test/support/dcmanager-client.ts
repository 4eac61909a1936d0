import { randomUUID } from 'node:crypto';
import { pythonJson } from './stx-clients.js';
import type { InjectResult, TestController } from './test-controller.js';

/**
 * A multipart value as the dcmanager client hands it to requests_toolbelt: a text, or a file (its path as typed, its
 * bytes).
 */
export type FormValue = string | { readonly filename: string; readonly content: string | Buffer };

/**
 * requests_toolbelt's MultipartEncoder, byte for byte: a uuid4-hex boundary, one part per field in the order given,
 * each with its Content-Disposition only (no Content-Type of its own), then the closing boundary.
 */
export function toolbeltMultipart(
  fields: ReadonlyArray<readonly [string, FormValue]>,
  boundary = randomUUID().replace(/-/g, ''),
): { readonly contentType: string; readonly body: Buffer } {
  const parts = fields.map(([name, value]) => {
    const file = typeof value === 'string' ? null : value;
    const disposition = `form-data; name="${name}"${file ? `; filename="${file.filename}"` : ''}`;
    const content = file ? Buffer.from(file.content) : Buffer.from(value as string, 'utf8');
    return Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), content, Buffer.from('\r\n')]);
  });
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]) };
}

/** What python-requests adds to every request the dcmanager client makes. */
const REQUESTS_HEADERS = { 'user-agent': 'python-requests/2.32.3', accept: '*/*', 'accept-encoding': 'gzip, deflate' };

/** The dcmanager client (distcloud-client's HTTPClient) against the catalog's `…/dcmanager/v1.0`. */
export interface DcmanagerClient {
  get(path: string): Promise<InjectResult>;
  delete(path: string): Promise<InjectResult>;
  /** `json.dumps(body)` with `content-type: application/json`. */
  post(path: string, body: unknown): Promise<InjectResult>;
  patch(path: string, body: unknown): Promise<InjectResult>;
  /** A MultipartEncoder body with its own content type. */
  postForm(path: string, fields: ReadonlyArray<readonly [string, FormValue]>): Promise<InjectResult>;
  patchForm(path: string, fields: ReadonlyArray<readonly [string, FormValue]>): Promise<InjectResult>;
}

export function dcmanagerClient(t: TestController, token: () => string): DcmanagerClient {
  const url = (path: string) => `/dcmanager/v1.0${path}`;
  const headers = (extra: Record<string, string> = {}) => ({
    ...REQUESTS_HEADERS, 'X-Project-Id': 'p', 'X-User-Id': 'u', ...extra,
  });
  const json = (method: 'POST' | 'PATCH', path: string, body: unknown) =>
    t.request({ method, url: url(path), token: token(), headers: headers({ 'content-type': 'application/json' }), rawBody: pythonJson(body) });
  const form = (method: 'POST' | 'PATCH', path: string, fields: ReadonlyArray<readonly [string, FormValue]>) => {
    const encoded = toolbeltMultipart(fields);
    return t.request({ method, url: url(path), token: token(), headers: headers({ 'content-type': encoded.contentType }), rawBody: encoded.body });
  };
  return {
    get: (path) => t.request({ method: 'GET', url: url(path), token: token(), headers: headers() }),
    delete: (path) => t.request({ method: 'DELETE', url: url(path), token: token(), headers: headers() }),
    post: (path, body) => json('POST', path, body),
    patch: (path, body) => json('PATCH', path, body),
    postForm: (path, fields) => form('POST', path, fields),
    patchForm: (path, fields) => form('PATCH', path, fields),
  };
}

/**
 * The lines the dcmanager client reads of a webob error page: BeautifulSoup's text of the body (tags dropped,
 * entities decoded), split on newlines, stripped, blank lines dropped.
 */
export function webobLines(html: string): string[] {
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1];
  if (body === undefined) throw new Error(`no <body> in ${html}`);
  const text = body
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** What the dcmanager client prints for an error page: the explanation (with a full stop), then `Details: …`. */
export function dcmanagerErrorMessage(html: string): string {
  const lines = webobLines(html);
  let explanation = lines.length > 1 ? lines[1]! : lines[0]!;
  if (!explanation.endsWith('.')) explanation += '.';
  const details = lines.length > 2 ? lines.slice(2).join('\n') : null;
  return details ? `${explanation}\nDetails: ${details.trim()}` : explanation;
}

/** The message of a webob error page: its lines after the status line and the explanation. */
export function webobMessage(html: string): string {
  return webobLines(html).slice(2).join('\n');
}
