import { OrchestrationApi, Session, SoftwareApi, type Credentials, type FetchLike } from '@murmuration/client';

/** How the system controller logs in to a subcloud: the service account the subcloud made at its join. */
export type SubcloudAccount = Omit<Credentials, 'regionName' | 'interface'>;

/** One subcloud's APIs as its strategy step calls them, logged in with its service account. */
export interface SubcloudLink {
  readonly vim: OrchestrationApi;
  readonly usm: SoftwareApi;
}

/** The links of the subclouds under way: made when a step starts, forgotten when it ends. */
export interface SubcloudLinks {
  /** The subcloud's link, logging in when needed; null when it has no account (it was deleted). */
  of(subcloudId: number): Promise<SubcloudLink | null>;
  forget(subcloudId: number): void;
}

/**
 * A fetch that sends text bodies through `lean` (a connection of its own per request, the way the system controller
 * talks to many sites) and anything else (a release bundle) through `bytes`.
 */
export function textOrBytesFetch(lean: FetchLike, bytes: FetchLike): FetchLike {
  return (input, init) =>
    init?.body === undefined || init.body === null || typeof init.body === 'string' ? lean(input, init) : bytes(input, init);
}

export function subcloudLinks(deps: {
  readonly fetch: FetchLike;
  readonly credentialOf: (subcloudId: number) => Promise<SubcloudAccount | null>;
}): SubcloudLinks {
  const held = new Map<number, SubcloudLink>();
  return {
    async of(subcloudId) {
      const link = held.get(subcloudId);
      if (link) return link;
      const c = await deps.credentialOf(subcloudId);
      if (c === null) return null;
      const session = new Session(
        {
          authUrl: c.authUrl, username: c.username, password: c.password, projectName: c.projectName,
          userDomainName: c.userDomainName, projectDomainName: c.projectDomainName, regionName: null,
          interface: 'public',
        },
        { fetch: deps.fetch },
      );
      const made = { vim: new OrchestrationApi(session), usm: new SoftwareApi(session) };
      held.set(subcloudId, made);
      return made;
    },
    forget(subcloudId) {
      held.delete(subcloudId);
    },
  };
}
