/** What a hollow fleet counts, so that a test or a benchmark can check what reached it. */

/** The endpoints counted apart; anything else a subcloud is asked is `other`. */
export const HOLLOW_ENDPOINTS = {
  login: 'POST /identity/v3/auth/tokens',
  join: 'POST /dcagent/v1/join',
  audit: 'GET /dcagent/v1/audit',
  syncIdentity: 'PUT /dcagent/v1/sync/identity',
  syncPlatform: 'PUT /dcagent/v1/sync/platform',
  other: 'other',
} as const;
export type HollowEndpoint = keyof typeof HOLLOW_ENDPOINTS;

export interface HollowStatsSnapshot {
  /** Answers per endpoint and status, e.g. `{"GET /dcagent/v1/audit": {"200": 3, "304": 997}}`. */
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Connections reset because their subcloud was refusing. */
  readonly refusedConnections: number;
  /** Requests a hanging subcloud holds unanswered now. */
  readonly hanging: number;
  /** Authenticated audits per subcloud, by index (answered 200, 304 or with garbage). */
  readonly audits: readonly number[];
  /** Successful logins per subcloud, by index. */
  readonly logins: readonly number[];
  readonly joined: number;
}

export interface HollowStats {
  answered(endpoint: HollowEndpoint, status: number): void;
  audited(index: number): void;
  loggedIn(index: number): void;
  refused(): void;
  hangingNow(delta: 1 | -1): void;
  /** `joined` is counted by the fleet itself. */
  snapshot(joined: number): HollowStatsSnapshot;
  /** Counts start again from zero (what hangs now is still counted). */
  reset(): void;
}

export function createHollowStats(count: number): HollowStats {
  const endpoints = Object.keys(HOLLOW_ENDPOINTS) as HollowEndpoint[];
  type Counts = Record<HollowEndpoint, Map<number, number>>;
  const fresh = () => Object.fromEntries(endpoints.map((e) => [e, new Map<number, number>()])) as Counts;
  let byEndpoint = fresh();
  let audits = new Uint32Array(count);
  let logins = new Uint32Array(count);
  let refusedConnections = 0;
  let hanging = 0;
  return {
    answered(endpoint, status) {
      const counts = byEndpoint[endpoint];
      counts.set(status, (counts.get(status) ?? 0) + 1);
    },
    audited(index) {
      audits[index]!++;
    },
    loggedIn(index) {
      logins[index]!++;
    },
    refused() {
      refusedConnections++;
    },
    hangingNow(delta) {
      hanging += delta;
    },
    snapshot(joined) {
      const byStatus = (e: HollowEndpoint) => Object.fromEntries([...byEndpoint[e]].map(([s, n]) => [String(s), n]));
      const requests = Object.fromEntries(endpoints.map((e) => [HOLLOW_ENDPOINTS[e], byStatus(e)]));
      return { requests, refusedConnections, hanging, audits: Array.from(audits), logins: Array.from(logins), joined };
    },
    reset() {
      byEndpoint = fresh();
      audits = new Uint32Array(count);
      logins = new Uint32Array(count);
      refusedConnections = 0;
    },
  };
}
