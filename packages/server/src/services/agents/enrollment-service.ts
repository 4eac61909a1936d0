import { AppError, invalid, isAppError, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { BootstrapTokenState } from '@murmuration/core/contract/agents';
import { checkPersonality, normalizeMac, checkHostname, type HostRecord } from '@murmuration/core/inventory';
import type { AgentsRepos, OneTimeTokenRecord, Store } from '@murmuration/store';
import { timingSafeEqual } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import { createOneTimeTokens, newTokenSecret, tokenHash } from '../identity/index.js';
import type { HostService } from '../inventory/index.js';

/**
 * A bootstrap token, whether it can still be used, and the name of the host that used it (null if none, or if that host
 * is gone).
 */
export interface BootstrapTokenEntry {
  /** Its `usedBy` is the uuid of the host that joined with it. */
  readonly token: OneTimeTokenRecord;
  readonly state: BootstrapTokenState;
  readonly usedByHostname: string | null;
}

/** The host an agent joined as, and the credential it authenticates with from then on. */
export interface Enrollment {
  readonly host: HostRecord;
  readonly credential: string;
}

export interface RegisterInput {
  readonly bootstrapToken: string;
  readonly hostname: string;
  readonly personality: string | undefined;
  readonly mgmtMac: string | undefined;
}

/**
 * How host agents join: an admin creates a one-time bootstrap token; an agent spends it to
 * join as one host and receives that host's credential; from then on it authenticates as that
 * host only. Refusals are audited.
 */
export interface EnrollmentService {
  createToken(
    ctx: RequestContext,
    input: { description: string | null; expiresInSeconds: number },
  ): Promise<{ entry: BootstrapTokenEntry; secret: string }>;
  listTokens(): Promise<BootstrapTokenEntry[]>;
  revokeToken(ctx: RequestContext, uuid: string): Promise<void>;
  register(ctx: RequestContext, input: RegisterInput): Promise<Enrollment>;
  /** The host a credential (`<host uuid>.<secret>`) belongs to; UNAUTHENTICATED otherwise. */
  authenticate(credential: string): Promise<HostRecord>;
}

export const DEFAULT_BOOTSTRAP_TOKEN_SECONDS = 24 * 3600;

const CREDENTIAL = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/;

export function createEnrollmentService(deps: {
  store: Store<AgentsRepos>;
  audit: AuditService;
  hosts: HostService;
  clock: Clock;
}): EnrollmentService {
  const { store, hosts, clock } = deps;
  const spentMessage = 'The bootstrap token was already used; create a new one.';
  const tokens = createOneTimeTokens({
    audit: deps.audit,
    clock,
    kind: {
      repo: store.repos.bootstrapTokens,
      repoIn: (repos) => repos.bootstrapTokens,
      target: (uuid) => `host_bootstrap_token:${uuid}`,
      secretPrefix: '',
      notFound: (uuid) => notFound(`bootstrap token not found: ${uuid}`, { uuid }),
      refusals: {
        invalid: { message: 'The bootstrap token is not valid.' },
        used: { message: spentMessage },
        expired: { message: 'The bootstrap token has expired; create a new one.' },
      },
    },
  });

  return {
    async createToken(ctx, input) {
      const { entry, secret } = await tokens.create(ctx, input);
      return { entry: { ...entry, usedByHostname: null }, secret };
    },

    async listTokens() {
      const entries = await tokens.list();
      const hostnames = entries.some((e) => e.token.usedBy !== null)
        ? new Map((await hosts.list()).map((h) => [h.host.uuid, h.host.hostname]))
        : new Map<string, string>();
      return entries.map((entry) => ({
        ...entry,
        usedByHostname: entry.token.usedBy === null ? null : (hostnames.get(entry.token.usedBy) ?? null),
      }));
    },

    revokeToken: (ctx, uuid) => tokens.revoke(ctx, uuid),

    async register(ctx, input) {
      // The shape of the request is checked before the token, so that typos are not audited as attacks.
      const personality = checkPersonality(input.personality ?? 'worker');
      const hostname = checkHostname(input.hostname, personality);
      if (input.mgmtMac !== undefined && typeof input.mgmtMac !== 'string') throw invalid('mgmt_mac must be text', { field: 'mgmt_mac' });
      const mgmtMac = input.mgmtMac ? normalizeMac(input.mgmtMac) : null;

      const token = await tokens.check(ctx, input.bootstrapToken, `ihost:${hostname}`);

      const credential = newTokenSecret();
      let spent = true;
      const actor = { userId: `bootstrap-token:${token.uuid}`, userName: `agent@${hostname}`, projectId: null, projectName: null, roles: [] };
      const agentCtx: RequestContext = { ...ctx, actor };
      const newHost = { hostname, personality, mgmtMac, serialId: null, location: {} };
      const stored = await hosts.enroll(agentCtx, newHost, async (repos, host) => {
        spent = await repos.bootstrapTokens.use(token.uuid, host.uuid, clock.now());
        // Two agents raced for one token: the loser's transaction must not commit anything.
        if (!spent) throw new AppError('UNAUTHENTICATED', spentMessage);
        await repos.enrollment.setCredential(host.uuid, tokenHash(credential), clock.now());
      }).catch(async (error: unknown) => {
        if (!spent) await tokens.refuseSpent(ctx, token);
        throw error;
      });
      ctx.audited = true;
      return { host: stored.host, credential: `${stored.host.uuid}.${credential}` };
    },

    async authenticate(credential) {
      const match = CREDENTIAL.exec(credential);
      const unauthenticated = new AppError('UNAUTHENTICATED', 'The host credential is not valid.');
      if (!match) throw unauthenticated;
      const [, uuid, secret] = match as unknown as [string, string, string];
      const stored = await store.repos.enrollment.credentialHash(uuid);
      const given = Buffer.from(tokenHash(secret), 'hex');
      if (stored === null || !timingSafeEqual(Buffer.from(stored, 'hex'), given)) throw unauthenticated;
      // The host may have been deleted since the credential was checked.
      const host = await hosts.get(uuid).catch((error: unknown) => {
        throw isAppError(error) && error.code === 'NOT_FOUND' ? unauthenticated : error;
      });
      return host.host;
    },
  };
}
