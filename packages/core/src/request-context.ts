/** Who is acting: resolved from a validated token. */
export interface Actor {
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string | null;
  readonly projectName: string | null;
  /** Role names on the scoped project; empty for an unscoped token. */
  readonly roles: readonly string[];
}

/**
 * Facts about one request that services need for authorization and the audit trail.
 * `audited` turns true once an audit entry for this request has been written, so the API
 * layer writes a fallback entry only for requests no service recorded.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly sourceAddress: string;
  readonly method: string;
  readonly path: string;
  readonly actor: Actor | null;
  /** HTTP status the request answers with when it succeeds; recorded as the outcome in-transaction. */
  readonly successStatus: number;
  audited: boolean;
}

/** A context for work the controller does on its own behalf (start-up, background jobs). */
export function internalContext(requestId: string, path: string): RequestContext {
  return { requestId, sourceAddress: 'local', method: 'INTERNAL', path, actor: null, successStatus: 0, audited: false };
}
