import { AppError, systemClock, type Clock } from '@murmuration/core/common';
import type { TokenBody } from '@murmuration/core/contract/identity';
import { findEndpoint, type ServiceType } from '@murmuration/core/identity';
import { parseJson, send, type FetchLike, type HttpRequest, type HttpResponse } from './http.js';

/** What a user authenticates with: the OS_* variables of an openrc. */
export interface Credentials {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  /** null: take the first endpoint of the right type and interface, whatever its region. */
  readonly regionName: string | null;
  readonly interface: 'public' | 'internal' | 'admin';
}

/** A token and what came with it, as kept between commands. */
export interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
  readonly userId: string;
  readonly projectId: string | null;
  readonly catalog: NonNullable<TokenBody['token']['catalog']>;
}

/** Where a session keeps its token between processes (the CLI uses a 0600 file). */
export interface TokenStore {
  load(): Promise<CachedToken | null>;
  save(token: CachedToken): Promise<void>;
  clear(): Promise<void>;
}

export interface SessionOptions {
  readonly fetch?: FetchLike;
  readonly tokenStore?: TokenStore;
  readonly clock?: Clock;
}

/** A request to a catalog service: its path under the endpoint, and the region when not the session's. */
export type ServiceRequest = Omit<HttpRequest, 'url' | 'token'> & { readonly path: string; readonly region?: string | null };

/** Tokens this close to expiry are renewed rather than used. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * An authenticated conversation with a controller: gets a token with the password method,
 * reuses a cached one until it nears expiry, finds service endpoints in the catalog, and
 * retries a request once with a new token when the server says the old one is no good.
 */
export class Session {
  private current: CachedToken | null = null;
  /** The token this session obtained by logging in itself, if any. */
  private issuedHere: string | null = null;
  private readonly fetchFn: FetchLike;
  private readonly clock: Clock;

  constructor(
    readonly credentials: Credentials,
    private readonly options: SessionOptions = {},
  ) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.clock = options.clock ?? systemClock;
  }

  private fresh(token: CachedToken | null): token is CachedToken {
    return token !== null && token.expiresAt - EXPIRY_MARGIN_MS > this.clock.now();
  }

  /** A valid token, from memory, the store, or a new password login. */
  async token(): Promise<CachedToken> {
    if (this.fresh(this.current)) return this.current;
    const stored = (await this.options.tokenStore?.load()) ?? null;
    if (this.fresh(stored)) {
      this.current = stored;
      return stored;
    }
    return this.login();
  }

  /** Forgets the token everywhere, e.g. after the server refused it. */
  async forget(): Promise<void> {
    this.current = null;
    await this.options.tokenStore?.clear();
  }

  private async login(): Promise<CachedToken> {
    const c = this.credentials;
    const response = await send(this.fetchFn, {
      method: 'POST',
      url: `${c.authUrl.replace(/\/+$/, '')}/auth/tokens`,
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.userDomainName } } } },
          scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
        },
      },
    });
    const token = response.headers.get('x-subject-token');
    if (!token) throw new AppError('UNAVAILABLE', 'the identity service issued no X-Subject-Token');
    const body = parseJson<TokenBody>(response, 'the token request');
    const cached: CachedToken = {
      token,
      expiresAt: Date.parse(body.token.expires_at),
      userId: body.token.user.id,
      projectId: body.token.project?.id ?? null,
      catalog: body.token.catalog ?? [],
    };
    this.current = cached;
    this.issuedHere = token;
    await this.options.tokenStore?.save(cached);
    return cached;
  }

  /**
   * Base URL of a service from the catalog, by type (e.g. `platform`, `identity`), in the
   * session's region unless another is named (dcmanager is always in `SystemController`).
   */
  async endpoint(serviceType: ServiceType, regionName: string | null = this.credentials.regionName): Promise<string> {
    const token = await this.token();
    const url = findEndpoint(token.catalog, serviceType, this.credentials.interface, regionName);
    if (url === null) {
      const region = regionName === null ? '' : ` in region ${regionName}`;
      throw new AppError('NOT_FOUND', `the catalog has no ${this.credentials.interface} endpoint for service type ${serviceType}${region}`);
    }
    return url.replace(/\/+$/, '');
  }

  /** An authenticated request to `path` under a service's endpoint (in `region` when given, see `endpoint`). */
  async request(serviceType: ServiceType, { region, ...request }: ServiceRequest): Promise<HttpResponse> {
    const base = await this.endpoint(serviceType, region);
    const token = await this.token();
    try {
      return await send(this.fetchFn, { ...request, url: `${base}${request.path}`, token: token.token });
    } catch (error) {
      // A reused token may have been revoked meanwhile: log in once more. A token from a login
      // this session just made is not retried, which would only repeat the refusal.
      if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED' || token.token === this.issuedHere) throw error;
      await this.forget();
      const renewed = await this.token();
      return send(this.fetchFn, { ...request, url: `${base}${request.path}`, token: renewed.token });
    }
  }

  /** Like request, and parses the JSON answer. */
  async json<T>(serviceType: ServiceType, request: ServiceRequest): Promise<T> {
    return parseJson<T>(await this.request(serviceType, request), `${request.method} ${request.path}`);
  }
}
