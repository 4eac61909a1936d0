import { AppError } from '@murmuration/core/common';
import { errorFromResponse } from './errors.js';

/** The fetch the client uses; a test or a browser may pass its own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Why a fetch failed, in a word where Node gives one (`ECONNREFUSED`, `ENOTFOUND`, …). */
export function unreachableReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly token?: string | null;
  readonly body?: unknown;
  /** Bytes sent as they are (a release bundle), instead of a JSON body. */
  readonly rawBody?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** Ends the exchange early (a caller's time limit). */
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One HTTP exchange; non-2xx/3xx answers become AppError, an unreachable server UNAVAILABLE. */
export async function send(fetchFn: FetchLike, request: HttpRequest): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'murmur-client', ...request.headers };
  if (request.token) headers['x-auth-token'] = request.token;
  let body: string | Blob | undefined;
  if (request.rawBody !== undefined) {
    body = new Blob([request.rawBody as Uint8Array<ArrayBuffer>]);
    headers['content-type'] ??= 'application/octet-stream';
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    // A fetch that says itself what it could not reach (a subcloud's) is taken at its word.
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE', `cannot reach ${request.url}: ${unreachableReason(error)}`, undefined, { cause: error });
  }
  const text = await response.text();
  if (response.status >= 400) throw errorFromResponse(response.status, response.headers.get('x-error-code'), text);
  return { status: response.status, headers: response.headers, text };
}

/** Parses a JSON body, failing clearly when a server answers something else. */
export function parseJson<T>(response: HttpResponse, what: string): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new AppError('UNAVAILABLE', `the server answered ${what} with something that is not JSON (HTTP ${response.status})`);
  }
}
