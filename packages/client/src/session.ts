import { AppError, systemClock, type Clock } from '@murmuration/core/common';
import type { TokenBody } from '@murmuration/core/contract/identity';
import { SYSTEM_CONTROLLER_REGION } from '@murmuration/core/dc';
import { findEndpoint, type ServiceType } from '@murmuration/core/identity';
import { parseJson, send, type FetchLike, type HttpRequest, type HttpResponse } from './http.js';
import { findSubcloudRoute, isUnreachableSubcloud, onSubcloud, subcloudFetch, type SubcloudRoute } from './subcloud-route.js';

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
  /** On a subcloud's token (a region reached through the system controller): which subcloud issued it. */
  readonly subcloud?: SubcloudRoute;
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
  /**
   * Where the token of a subcloud reached by region is kept, by the region (or subcloud name) asked for; without it,
   * such a token lasts as long as the session.
   */
  readonly regionTokenStore?: (region: string) => TokenStore;
  readonly clock?: Clock;
}

/** A request to a service: its path under the endpoint. */
type PathRequest = Omit<HttpRequest, 'url' | 'token'> & { readonly path: string };

/** A request to a catalog service: its path under the endpoint, and the region when not the session's. */
export type ServiceRequest = PathRequest & { readonly region?: string | null };

/** Tokens this close to expiry are renewed rather than used. */
const EXPIRY_MARGIN_MS = 60_000;

const listsRegion = (catalog: CachedToken['catalog'], region: string): boolean =>
  catalog.some((entry) => entry.endpoints.some((e) => (e.region_id ?? e.region) === region));

/**
 * An authenticated conversation with a controller: gets a token with the password method,
 * reuses a cached one until it nears expiry, finds service endpoints in the catalog, and
 * retries a request once with a new token when the server says the old one is no good.
 *
 * A region the catalog does not list, when the catalog has the system controller's dcmanager, is a subcloud's: the
 * session asks the system controller which subcloud has that region (or name), logs in there with the same
 * credentials and serves the region from that subcloud's own token and catalog. So no token's catalog grows with
 * the fleet.
 */
export class Session {
  private current: CachedToken | null = null;
  /** The login under way, if any. */
  private loggingIn: Promise<CachedToken> | null = null;
  /** The token this session obtained by logging in itself, if any. */
  private issuedHere: string | null = null;
  /** The sessions that serve regions asked for: this one, or one on a subcloud. */
  private readonly serving = new Map<string, Promise<Session>>();
  /** Set on a session on a subcloud: which one. */
  private route: SubcloudRoute | null = null;
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

  /** A valid token for the session's region (a subcloud's for its region), from memory, the store, or a login. */
  async token(): Promise<CachedToken> {
    return (await this.sessionFor(this.credentials.regionName)).ownToken();
  }

  /** Forgets the token of the session's region everywhere, e.g. after the server refused it. */
  async forget(): Promise<void> {
    const region = this.credentials.regionName;
    const pending = region === null ? undefined : this.serving.get(region);
    const serving = pending === undefined ? this : await pending.catch(() => this);
    await serving.forgetOwn();
  }

  private async storedToken(): Promise<CachedToken | null> {
    if (this.fresh(this.current)) return this.current;
    const stored = (await this.options.tokenStore?.load()) ?? null;
    if (!this.fresh(stored)) return null;
    this.current = stored;
    return stored;
  }

  private async ownToken(): Promise<CachedToken> {
    const stored = await this.storedToken();
    if (stored !== null) return stored;
    // Requests made at once on a session without a token share one login.
    this.loggingIn ??= this.login().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async forgetOwn(): Promise<void> {
    this.current = null;
    await this.options.tokenStore?.clear();
  }

  /** The session that serves `region`: this one, or one on the subcloud of that region (see the class). */
  private async sessionFor(region: string | null): Promise<Session> {
    if (region === null || this.route !== null) return this;
    let serving = this.serving.get(region);
    if (serving === undefined) {
      serving = this.open(region);
      this.serving.set(region, serving);
    }
    try {
      return await serving;
    } catch (error) {
      this.serving.delete(region);
      throw error;
    }
  }

  private async open(region: string): Promise<Session> {
    const own = await this.storedToken();
    if (own !== null && listsRegion(own.catalog, region)) return this;
    const store = this.options.regionTokenStore?.(region);
    const kept = (await store?.load()) ?? null;
    if (this.fresh(kept) && kept.subcloud !== undefined) return this.onSubcloud(kept.subcloud, store, kept);
    const token = own ?? (await this.login());
    const dcmanager = findEndpoint(token.catalog, 'dcmanager', this.credentials.interface, SYSTEM_CONTROLLER_REGION);
    // Not a subcloud's: this session says what its catalog lacks.
    if (listsRegion(token.catalog, region) || dcmanager === null) return this;
    return this.onSubcloud(await findSubcloudRoute(this, region), store, null);
  }

  /** A session on a subcloud with the same credentials (users are synced there), keeping its token in `store`. */
  private onSubcloud(route: SubcloudRoute, store: TokenStore | undefined, kept: CachedToken | null): Session {
    const session = new Session(
      { ...this.credentials, authUrl: `${route.url}/identity/v3`, regionName: route.region },
      {
        fetch: subcloudFetch(this.fetchFn, route),
        clock: this.clock,
        ...(store !== undefined ? { tokenStore: store } : {}),
      },
    );
    session.route = route;
    session.current = kept;
    return session;
  }

  private async login(): Promise<CachedToken> {
    const c = this.credentials;
    let response: HttpResponse;
    try {
      response = await send(this.fetchFn, {
        method: 'POST',
        url: `${c.authUrl.replace(/\/+$/, '')}/auth/tokens`,
        body: {
          auth: {
            identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.userDomainName } } } },
            scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
          },
        },
      });
    } catch (error) {
      throw this.route === null ? error : onSubcloud(error, this.route);
    }
    const token = response.headers.get('x-subject-token');
    if (!token) throw new AppError('UNAVAILABLE', 'the identity service issued no X-Subject-Token');
    const body = parseJson<TokenBody>(response, 'the token request');
    const cached: CachedToken = {
      token,
      expiresAt: Date.parse(body.token.expires_at),
      userId: body.token.user.id,
      projectId: body.token.project?.id ?? null,
      catalog: body.token.catalog ?? [],
      ...(this.route !== null ? { subcloud: this.route } : {}),
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
    const serving = await this.sessionFor(regionName);
    return serving.ownEndpoint(serviceType, serving === this ? regionName : serving.credentials.regionName);
  }

  private async ownEndpoint(serviceType: ServiceType, regionName: string | null): Promise<string> {
    const token = await this.ownToken();
    const url = findEndpoint(token.catalog, serviceType, this.credentials.interface, regionName);
    if (url === null) {
      const region = regionName === null ? '' : ` in region ${regionName}`;
      const catalog = this.route === null ? 'the catalog' : `the catalog of subcloud ${this.route.name}`;
      throw new AppError('NOT_FOUND', `${catalog} has no ${this.credentials.interface} endpoint for service type ${serviceType}${region}`);
    }
    return url.replace(/\/+$/, '');
  }

  /** An authenticated request to `path` under a service's endpoint (in `region` when given, see `endpoint`). */
  async request(serviceType: ServiceType, { region, ...request }: ServiceRequest): Promise<HttpResponse> {
    const wanted = region === undefined ? this.credentials.regionName : region;
    const serving = await this.sessionFor(wanted);
    if (serving === this || wanted === null) return this.ownRequest(serviceType, wanted, request);
    try {
      return await serving.ownRequest(serviceType, serving.credentials.regionName, request);
    } catch (error) {
      // The subcloud may have moved: the next request asks the system controller again.
      if (isUnreachableSubcloud(error)) {
        this.serving.delete(wanted);
        await serving.forgetOwn();
      }
      throw error;
    }
  }

  private async ownRequest(
    serviceType: ServiceType,
    region: string | null,
    request: PathRequest,
  ): Promise<HttpResponse> {
    const base = await this.ownEndpoint(serviceType, region);
    const token = await this.ownToken();
    try {
      return await send(this.fetchFn, { ...request, url: `${base}${request.path}`, token: token.token });
    } catch (error) {
      // A reused token may have been revoked meanwhile: log in once more. A token from a login
      // this session just made is not retried, which would only repeat the refusal.
      if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED' || token.token === this.issuedHere) throw error;
      await this.forgetOwn();
      const renewed = await this.ownToken();
      return send(this.fetchFn, { ...request, url: `${base}${request.path}`, token: renewed.token });
    }
  }

  /** Like request, and parses the JSON answer. */
  async json<T>(serviceType: ServiceType, request: ServiceRequest): Promise<T> {
    return parseJson<T>(await this.request(serviceType, request), `${request.method} ${request.path}`);
  }
}
