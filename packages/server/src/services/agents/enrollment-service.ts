import { AppError, invalid, isAppError, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { BootstrapTokenState } from '@murmuration/core/contract/agents';
import { checkPersonality, normalizeMac, checkHostname, type HostRecord } from '@murmuration/core/inventory';
import type { AgentsRepos, BootstrapTokenRecord, Store } from '@murmuration/store';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import { newTokenSecret, tokenHash } from '../identity/index.js';
import type { HostService } from '../inventory/index.js';

/**
 * A bootstrap token, whether it can still be used, and the name of the host that used it (null if none, or if that host
 * is gone).
 */
export interface BootstrapTokenEntry {
  readonly token: BootstrapTokenRecord;
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
  const { store, audit, hosts, clock } = deps;

  const stateOf = (token: BootstrapTokenRecord): BootstrapTokenState =>
    token.usedAt !== null ? 'used' : token.expiresAt <= clock.now() ? 'expired' : 'unused';

  /** A refused join: recorded as an authentication failure, answered 401 without saying more than why. */
  async function refuse(ctx: RequestContext, target: string | null, message: string): Promise<never> {
    await audit.record(ctx, { target, event: 'auth.failure', outcome: 401, detail: message });
    ctx.audited = true;
    throw new AppError('UNAUTHENTICATED', message);
  }

  return {
    async createToken(ctx, input) {
      const secret = newTokenSecret();
      const now = clock.now();
      const token: BootstrapTokenRecord = {
        uuid: randomUUID(),
        description: input.description,
        createdBy: ctx.actor?.userName ?? null,
        createdAt: now,
        expiresAt: now + input.expiresInSeconds * 1000,
        usedAt: null,
        usedByHost: null,
      };
      await audit.change(ctx, { target: `host_bootstrap_token:${token.uuid}`, detail: `expires in ${input.expiresInSeconds} s` }, (repos) =>
        repos.enrollment.insertToken(token, tokenHash(secret)),
      );
      return { entry: { token, state: 'unused', usedByHostname: null }, secret };
    },

    async listTokens() {
      const tokens = await store.repos.enrollment.listTokens();
      const hostnames = tokens.some((t) => t.usedByHost !== null)
        ? new Map((await hosts.list()).map((h) => [h.host.uuid, h.host.hostname]))
        : new Map<string, string>();
      return tokens.map((token) => ({
        token,
        state: stateOf(token),
        usedByHostname: token.usedByHost === null ? null : (hostnames.get(token.usedByHost) ?? null),
      }));
    },

    async revokeToken(ctx, uuid) {
      const removed = await audit.change(ctx, { target: `host_bootstrap_token:${uuid}`, detail: 'revoked' }, (repos) => repos.enrollment.removeToken(uuid));
      if (!removed) throw notFound(`bootstrap token not found: ${uuid}`, { uuid });
    },

    async register(ctx, input) {
      // The shape of the request is checked before the token, so that typos are not audited as attacks.
      const personality = checkPersonality(input.personality ?? 'worker');
      const hostname = checkHostname(input.hostname, personality);
      if (input.mgmtMac !== undefined && typeof input.mgmtMac !== 'string') throw invalid('mgmt_mac must be text', { field: 'mgmt_mac' });
      const mgmtMac = input.mgmtMac ? normalizeMac(input.mgmtMac) : null;

      const token = await store.repos.enrollment.findTokenBySecret(tokenHash(input.bootstrapToken));
      if (!token) return refuse(ctx, `ihost:${hostname}`, 'The bootstrap token is not valid.');
      const state = stateOf(token);
      if (state === 'used') return refuse(ctx, `host_bootstrap_token:${token.uuid}`, 'The bootstrap token was already used; create a new one.');
      if (state === 'expired') return refuse(ctx, `host_bootstrap_token:${token.uuid}`, 'The bootstrap token has expired; create a new one.');

      const credential = newTokenSecret();
      let spent = true;
      const actor = { userId: `bootstrap-token:${token.uuid}`, userName: `agent@${hostname}`, projectId: null, projectName: null, roles: [] };
      const agentCtx: RequestContext = { ...ctx, actor };
      const newHost = { hostname, personality, mgmtMac, serialId: null, location: {} };
      const stored = await hosts.enroll(agentCtx, newHost, async (repos, host) => {
        spent = await repos.enrollment.useToken(token.uuid, host.uuid, clock.now());
        // Two agents raced for one token: the loser's transaction must not commit anything.
        if (!spent) throw new AppError('UNAUTHENTICATED', 'The bootstrap token was already used; create a new one.');
        await repos.enrollment.setCredential(host.uuid, tokenHash(credential), clock.now());
      }).catch(async (error: unknown) => {
        if (!spent) await refuse(ctx, `host_bootstrap_token:${token.uuid}`, 'The bootstrap token was already used; create a new one.');
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
