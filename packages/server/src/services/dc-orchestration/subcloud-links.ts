import { OrchestrationApi, Session, SoftwareApi, type Credentials, type FetchLike } from '@murmuration/client';

/** How the system controller logs in to a subcloud: the service account the subcloud made at its join. */
export type SubcloudAccount = Omit<Credentials, 'regionName' | 'interface'>;

/** One subcloud's APIs as its strategy step calls them, logged in with its service account. */
export interface SubcloudLink {
  readonly vim: OrchestrationApi;
  readonly usm: SoftwareApi;
}

/** The links of the subclouds under way: made when a step starts, forgotten (their connections closed) when it ends. */
export interface SubcloudLinks {
  /** The subcloud's link, logging in when needed; null when it has no account (it was deleted). */
  of(subcloudId: number): Promise<SubcloudLink | null>;
  forget(subcloudId: number): void;
}

/**
 * A fetch that sends text bodies through `lean` (a subcloud's kept connections) and anything else (a release bundle)
 * through `bytes` (a connection of its own, with the longer deadline of an upload).
 */
export function textOrBytesFetch(lean: FetchLike, bytes: FetchLike): FetchLike {
  return (input, init) =>
    init?.body === undefined || init.body === null || typeof init.body === 'string' ? lean(input, init) : bytes(input, init);
}

/** How one link reaches its subcloud: a fetch of its own, and how to let go of what it holds (its connections). */
export interface LinkTransport {
  readonly fetch: FetchLike;
  close(): void;
}

export function subcloudLinks(deps: {
  /** A new link's transport, closed when the link is forgotten. */
  readonly transport: () => LinkTransport;
  readonly credentialOf: (subcloudId: number) => Promise<SubcloudAccount | null>;
}): SubcloudLinks {
  const held = new Map<number, { readonly link: SubcloudLink; readonly transport: LinkTransport }>();
  return {
    async of(subcloudId) {
      const kept = held.get(subcloudId);
      if (kept) return kept.link;
      const c = await deps.credentialOf(subcloudId);
      if (c === null) return null;
      // Asked for again meanwhile: the one made first is kept.
      const raced = held.get(subcloudId);
      if (raced) return raced.link;
      const transport = deps.transport();
      const session = new Session(
        {
          authUrl: c.authUrl, username: c.username, password: c.password, projectName: c.projectName,
          userDomainName: c.userDomainName, projectDomainName: c.projectDomainName, regionName: null,
          interface: 'public',
        },
        { fetch: transport.fetch },
      );
      const link = { vim: new OrchestrationApi(session), usm: new SoftwareApi(session) };
      held.set(subcloudId, { link, transport });
      return link;
    },
    forget(subcloudId) {
      held.get(subcloudId)?.transport.close();
      held.delete(subcloudId);
    },
  };
}
