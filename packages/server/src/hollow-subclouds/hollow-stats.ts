/** What a hollow fleet counts, so that a test or a benchmark can check what reached it. */

/** The endpoints counted apart; anything else a subcloud is asked is `other`. */
export const HOLLOW_ENDPOINTS = {
  login: 'POST /identity/v3/auth/tokens',
  join: 'POST /dcagent/v1/join',
  audit: 'GET /dcagent/v1/audit',
  syncIdentity: 'PUT /dcagent/v1/sync/identity',
  syncPlatform: 'PUT /dcagent/v1/sync/platform',
  membershipShow: 'GET /dcagent/v1/membership',
  membershipLeave: 'DELETE /dcagent/v1/membership',
  strategyShow: 'GET /nfv/api/orchestration/sw-upgrade/strategy',
  strategyCreate: 'POST /nfv/api/orchestration/sw-upgrade/strategy',
  strategyAction: 'POST /nfv/api/orchestration/sw-upgrade/strategy/actions',
  strategyDelete: 'DELETE /nfv/api/orchestration/sw-upgrade/strategy',
  releaseList: 'GET /usm/v1/release',
  releaseShow: 'GET /usm/v1/release/{release}',
  releaseUpload: 'POST /usm/v1/upload',
  prestageList: 'GET /dcagent/v1/prestage',
  prestageOffer: 'PUT /dcagent/v1/prestage/{release_id}',
  prestageStatus: 'GET /dcagent/v1/prestage/{release_id}',
  prestageChunk: 'PUT /dcagent/v1/prestage/{release_id}/chunks/{index}',
  prestageDrop: 'DELETE /dcagent/v1/prestage/{release_id}',
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
  /** VIM sw-deploy strategies created per subcloud, by index. */
  readonly strategyCreates: readonly number[];
  /** Their applies (apply-all accepted) per subcloud, by index. */
  readonly strategyApplies: readonly number[];
  /** Releases uploaded per subcloud, by index. */
  readonly releaseUploads: readonly number[];
  /** Prestage chunks kept per subcloud, by index (refused ones are not counted). */
  readonly prestageChunks: readonly number[];
  /** Prestaged bundles kept as releases per subcloud, by index. */
  readonly prestagesCompleted: readonly number[];
  /** Prestage chunk requests being received now, fleet-wide, and the most there were at once (since the last reset). */
  readonly prestageChunksInFlight: number;
  readonly prestageChunksInFlightMax: number;
  readonly joined: number;
}

export interface HollowStats {
  answered(endpoint: HollowEndpoint, status: number): void;
  audited(index: number): void;
  loggedIn(index: number): void;
  strategyCreated(index: number): void;
  strategyApplied(index: number): void;
  releaseUploaded(index: number): void;
  prestageChunkKept(index: number): void;
  prestageCompleted(index: number): void;
  /** A prestage chunk request begins (1) or has been answered (-1). */
  prestageChunkInFlight(delta: 1 | -1): void;
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
  const perSubcloud = () => ({
    audits: new Uint32Array(count),
    logins: new Uint32Array(count),
    strategyCreates: new Uint32Array(count),
    strategyApplies: new Uint32Array(count),
    releaseUploads: new Uint32Array(count),
    prestageChunks: new Uint32Array(count),
    prestagesCompleted: new Uint32Array(count),
  });
  let counts = perSubcloud();
  let refusedConnections = 0;
  let hanging = 0;
  let chunksInFlight = 0;
  let chunksInFlightMax = 0;
  return {
    answered(endpoint, status) {
      const answers = byEndpoint[endpoint];
      answers.set(status, (answers.get(status) ?? 0) + 1);
    },
    audited(index) {
      counts.audits[index]!++;
    },
    loggedIn(index) {
      counts.logins[index]!++;
    },
    strategyCreated(index) {
      counts.strategyCreates[index]!++;
    },
    strategyApplied(index) {
      counts.strategyApplies[index]!++;
    },
    releaseUploaded(index) {
      counts.releaseUploads[index]!++;
    },
    prestageChunkKept(index) {
      counts.prestageChunks[index]!++;
    },
    prestageCompleted(index) {
      counts.prestagesCompleted[index]!++;
    },
    prestageChunkInFlight(delta) {
      chunksInFlight += delta;
      chunksInFlightMax = Math.max(chunksInFlightMax, chunksInFlight);
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
      const arrays = Object.fromEntries(Object.entries(counts).map(([name, values]) => [name, Array.from(values)]));
      const perIndex = arrays as Record<keyof typeof counts, number[]>;
      const prestage = { prestageChunksInFlight: chunksInFlight, prestageChunksInFlightMax: chunksInFlightMax };
      return { requests, refusedConnections, hanging, ...prestage, ...perIndex, joined };
    },
    reset() {
      byEndpoint = fresh();
      counts = perSubcloud();
      refusedConnections = 0;
      chunksInFlightMax = chunksInFlight;
    },
  };
}
