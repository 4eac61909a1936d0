import { AppError } from '@murmuration/core/common';
import type {
  AgentConfigDocument, AgentRegistration, AgentSoftwareReport, HostInventoryReport,
} from '@murmuration/core/contract/agents';
import { errorFromResponse } from './errors.js';
import { parseJson, send, type FetchLike } from './http.js';

/** The header that carries a host's credential (`<host uuid>.<secret>`). */
export const HOST_CREDENTIAL_HEADER = 'x-host-credential';

export interface RegisterRequest {
  readonly bootstrapToken: string;
  readonly hostname: string;
  readonly personality?: string;
  readonly mgmtMac?: string;
}

/** What a host agent asks of the controller: joining, then its own configuration and reports. */
export class AgentApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike = fetch,
  ) {}

  async register(request: RegisterRequest): Promise<AgentRegistration> {
    const response = await send(this.fetchFn, {
      method: 'POST',
      url: `${this.baseUrl}/agent/v1/register`,
      body: {
        bootstrap_token: request.bootstrapToken,
        hostname: request.hostname,
        ...(request.personality !== undefined ? { personality: request.personality } : {}),
        ...(request.mgmtMac !== undefined ? { mgmt_mac: request.mgmtMac } : {}),
      },
    });
    return parseJson<AgentRegistration>(response, 'the registration');
  }

  /** A client that speaks for one host with its credential. */
  asHost(hostUuid: string, credential: string): HostAgentApi {
    return new HostAgentApi(this.baseUrl, hostUuid, credential, this.fetchFn);
  }
}

export class HostAgentApi {
  constructor(
    private readonly baseUrl: string,
    readonly hostUuid: string,
    private readonly credential: string,
    private readonly fetchFn: FetchLike = fetch,
  ) {}

  private url(tail: string): string {
    return `${this.baseUrl}/agent/v1/hosts/${this.hostUuid}/${tail}`;
  }

  get headers(): Record<string, string> {
    return { [HOST_CREDENTIAL_HEADER]: this.credential };
  }

  /** The WebSocket URL of the host's connection. */
  connectUrl(): string {
    return this.url('connect').replace(/^http/, 'ws');
  }

  async config(): Promise<AgentConfigDocument> {
    return parseJson<AgentConfigDocument>(await send(this.fetchFn, { method: 'GET', url: this.url('config'), headers: this.headers }), 'the configuration');
  }

  async configApplied(generation: number): Promise<void> {
    await send(this.fetchFn, { method: 'PUT', url: this.url('config_applied'), headers: this.headers, body: { generation } });
  }

  async inventory(report: HostInventoryReport): Promise<void> {
    await send(this.fetchFn, { method: 'PUT', url: this.url('inventory'), headers: this.headers, body: report });
  }

  async softwareReport(report: AgentSoftwareReport): Promise<void> {
    await send(this.fetchFn, { method: 'PUT', url: this.url('software'), headers: this.headers, body: report });
  }

  /** A release bundle's bytes, as the controller keeps it. */
  async release(id: string): Promise<Uint8Array> {
    const url = this.url(`releases/${encodeURIComponent(id)}`);
    let response: Response;
    try {
      response = await this.fetchFn(url, { headers: this.headers });
    } catch (error) {
      throw new AppError('UNAVAILABLE', `cannot reach ${url}: ${(error as Error).message}`, undefined, { cause: error });
    }
    if (response.status >= 400) throw errorFromResponse(response.status, response.headers.get('x-error-code'), await response.text());
    return new Uint8Array(await response.arrayBuffer());
  }
}
