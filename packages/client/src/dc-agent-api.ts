import { AppError } from '@murmuration/core/common';
import type {
  DcJoinAnswer, DcJoinRequest, DcMembershipObject, DcSyncAnswer, IdentitySyncInput, JoinTokenCollection,
  JoinTokenCreated, JoinTokenObject, PlatformSyncInput, SubcloudAuditReport,
} from '@murmuration/core/contract/dc-agent';
import type { DcPrestageCollection, DcPrestageOffer, DcPrestageStatus } from '@murmuration/core/contract/dc-prestage';
import { AUDIT_REPORT_MAX_BYTES, PRESTAGE_CHUNK_SHA256_HEADER, type PushedEndpointType } from '@murmuration/core/dc';
import { errorFromResponse } from './errors.js';
import { parseJson, send, type FetchLike } from './http.js';

/** The desired state pushed for each endpoint type a system controller pushes. */
export interface PushedSyncBodies {
  readonly identity: IdentitySyncInput;
  readonly platform: PlatformSyncInput;
}

/** What an audit answered: nothing new (304), or the report with its ETag. */
export type AuditResult =
  | { readonly status: 304 }
  | { readonly status: 200; readonly etag: string | null; readonly report: SubcloudAuditReport };

/** Reads at most `limit` bytes of a body; PAYLOAD_TOO_LARGE past them (the rest is not read). */
async function boundedText(response: Response, limit: number, url: string): Promise<string> {
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `${url} answered more than ${limit} bytes; an audit answer is at most that`, { limit });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The subcloud side of Distributed Cloud (`/dcagent/v1`), as a system controller and an
 * operator call it: join, the one-request audit, and join tokens. Not in the catalog: it is
 * reached by the controller's base URL.
 */
export class DcAgentApi {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/dcagent/v1`;
  }

  /** Adopts the controller: with the request's join_token, or else with an admin's token of that controller. */
  async join(request: DcJoinRequest, options: { readonly adminToken?: string } = {}): Promise<DcJoinAnswer> {
    const response = await send(this.fetchFn, { method: 'POST', url: `${this.base}/join`, body: request, token: options.adminToken ?? null });
    return parseJson<DcJoinAnswer>(response, 'the join');
  }

  /**
   * One audit: 304 when `etag` is still current, else the report and its ETag. A body over
   * AUDIT_REPORT_MAX_BYTES is refused unread (PAYLOAD_TOO_LARGE), one that is not JSON UNAVAILABLE.
   */
  async audit(options: {
    readonly token: string;
    readonly etag?: string | null;
    readonly signal?: AbortSignal;
  }): Promise<AuditResult> {
    const url = `${this.base}/audit`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'murmur-client', 'x-auth-token': options.token };
    if (options.etag) headers['if-none-match'] = options.etag;
    let response: Response;
    try {
      response = await this.fetchFn(url, { method: 'GET', headers, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new AppError('UNAVAILABLE', `cannot reach ${url}: ${cause?.code ?? (error as Error).message}`, undefined, { cause: error });
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304 };
    }
    const text = await boundedText(response, AUDIT_REPORT_MAX_BYTES, url);
    if (response.status >= 400) throw errorFromResponse(response.status, response.headers.get('x-error-code'), text);
    if (response.status !== 200) throw new AppError('UNAVAILABLE', `${url} answered the audit with HTTP ${response.status}`);
    let report: unknown;
    try {
      report = JSON.parse(text);
    } catch {
      throw new AppError('UNAVAILABLE', `${url} answered the audit with something that is not JSON`);
    }
    if (report === null || typeof report !== 'object' || Array.isArray(report)) {
      throw new AppError('UNAVAILABLE', `${url} answered the audit with JSON that is not an object`);
    }
    return { status: 200, etag: response.headers.get('etag'), report: report as SubcloudAuditReport };
  }

  /**
   * Pushes the whole desired state of one endpoint type (`PUT /sync/{endpoint}`); answers the
   * subcloud's digest of what it holds once applied. A body the subcloud refuses is INVALID_INPUT
   * (nothing applied), a token without the admin role FORBIDDEN.
   */
  async sync<E extends PushedEndpointType>(
    endpoint: E,
    body: PushedSyncBodies[E],
    options: { readonly token: string; readonly signal?: AbortSignal },
  ): Promise<DcSyncAnswer> {
    const response = await send(this.fetchFn, {
      method: 'PUT', url: `${this.base}/sync/${endpoint}`, token: options.token, body,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseJson<DcSyncAnswer>(response, `the ${endpoint} sync`);
  }

  /**
   * Declares a bundle about to be prestaged (`PUT /prestage/{release}`); answers where the subcloud stands with it:
   * `next_chunk` is where an earlier transfer of the same bytes stopped, `complete` when it holds them already.
   */
  async offerPrestage(
    releaseId: string,
    offer: DcPrestageOffer,
    options: { readonly token: string; readonly signal?: AbortSignal },
  ): Promise<DcPrestageStatus> {
    const response = await send(this.fetchFn, {
      method: 'PUT', url: this.prestageUrl(releaseId), token: options.token, body: offer,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseJson<DcPrestageStatus>(response, 'the prestage offer');
  }

  /** The status of a release's transfer (NOT_FOUND when none was offered). */
  async prestageStatus(
    releaseId: string,
    options: { readonly token: string; readonly signal?: AbortSignal },
  ): Promise<DcPrestageStatus> {
    const response = await send(this.fetchFn, {
      method: 'GET', url: this.prestageUrl(releaseId), token: options.token, ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseJson<DcPrestageStatus>(response, 'the prestage status');
  }

  async listPrestages(token: string): Promise<DcPrestageStatus[]> {
    const response = await send(this.fetchFn, { method: 'GET', url: `${this.base}/prestage`, token });
    return parseJson<DcPrestageCollection>(response, 'the prestages').prestages;
  }

  /**
   * Sends chunk `index` with its SHA-256 (lower-case hex); answers the status once the subcloud kept it (after the
   * last chunk: `complete` once the whole hash and the signature held). CONFLICT when the subcloud takes another
   * chunk next, INVALID_INPUT for a wrong length, UNPROCESSABLE when a hash or the signature does not hold.
   */
  async sendPrestageChunk(
    releaseId: string,
    index: number,
    chunk: Uint8Array,
    sha256: string,
    options: { readonly token: string; readonly signal?: AbortSignal },
  ): Promise<DcPrestageStatus> {
    const response = await send(this.fetchFn, {
      method: 'PUT', url: `${this.prestageUrl(releaseId)}/chunks/${index}`, token: options.token, rawBody: chunk,
      headers: { [PRESTAGE_CHUNK_SHA256_HEADER]: sha256 },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseJson<DcPrestageStatus>(response, `prestage chunk ${index}`);
  }

  /** Discards a partial transfer. */
  async dropPrestage(releaseId: string, token: string): Promise<void> {
    await send(this.fetchFn, { method: 'DELETE', url: this.prestageUrl(releaseId), token });
  }

  private prestageUrl(releaseId: string): string {
    return `${this.base}/prestage/${encodeURIComponent(releaseId)}`;
  }

  /** The system controller that adopted this controller (NOT_FOUND when none did). */
  async membership(token: string, options: { readonly signal?: AbortSignal } = {}): Promise<DcMembershipObject> {
    const response = await send(this.fetchFn, {
      method: 'GET', url: `${this.base}/membership`, token, ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseJson<DcMembershipObject>(response, 'the membership');
  }

  /** Leaves the system controller: its account on this controller is deleted (NOT_FOUND when none adopted it). */
  async leave(token: string, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    await send(this.fetchFn, {
      method: 'DELETE', url: `${this.base}/membership`, token, ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async createJoinToken(
    token: string,
    options: { readonly description?: string; readonly expiresInSeconds?: number } = {},
  ): Promise<JoinTokenCreated> {
    const body = {
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.expiresInSeconds !== undefined ? { expires_in: options.expiresInSeconds } : {}),
    };
    const response = await send(this.fetchFn, { method: 'POST', url: `${this.base}/join-tokens`, token, body });
    return parseJson<JoinTokenCreated>(response, 'the new join token');
  }

  async listJoinTokens(token: string): Promise<JoinTokenObject[]> {
    const response = await send(this.fetchFn, { method: 'GET', url: `${this.base}/join-tokens`, token });
    return parseJson<JoinTokenCollection>(response, 'the join tokens').join_tokens;
  }

  async deleteJoinToken(token: string, id: string): Promise<void> {
    await send(this.fetchFn, { method: 'DELETE', url: `${this.base}/join-tokens/${encodeURIComponent(id)}`, token });
  }
}
