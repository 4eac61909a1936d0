import { isAppError } from '@murmuration/core/common';
import { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import type { AuditAnswer } from '@murmuration/core/dc';
import { DcAgentApi, Session, type Credentials, type FetchLike } from '@murmuration/client';
import { Ajv } from 'ajv';

/** How the system controller logs in to one subcloud: its dedicated service account. */
export type SubcloudAccount = Omit<Credentials, 'regionName' | 'interface'>;

/** One subcloud as its audit calls it. */
export interface AuditCallTarget {
  readonly subcloudId: number;
  readonly url: string;
  /** The account, sealed as the store keeps it: unsealed only when a login is needed. */
  readonly credential: string;
}

export interface SubcloudAuditCaller {
  /** One audit request (and a login first when no token is held); never throws. */
  call(target: AuditCallTarget, etag: string | null): Promise<AuditAnswer & { readonly etag?: string }>;
  /** A token of the subcloud's service account (the one held, or a new login). */
  token(target: AuditCallTarget): Promise<string>;
  /** Forgets the token held for a subcloud (it was deleted or its account changed). */
  forget(subcloudId: number): void;
}

const checkReport = new Ajv({ strict: false, allErrors: false }).compile(SubcloudAuditReport);

function failureOf(error: unknown): string {
  if (isAppError(error)) return `${error.code}: ${error.message}`.slice(0, 500);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (cause?.code ?? cause?.message ?? (error as Error).message ?? String(error)).slice(0, 500);
}

/**
 * Audits subclouds one request each: `GET /dcagent/v1/audit` with the token of the subcloud's
 * service account (kept in memory per subcloud, renewed once when refused) and the ETag of its
 * last answer (through the client's `DcAgentApi`, which bounds the answer's size). A 304 means
 * nothing changed there; a 200 must be a valid report;
 * anything else is a failed audit with its reason.
 */
export function subcloudAuditCaller(deps: {
  readonly fetch: FetchLike;
  readonly unseal: (sealed: string) => SubcloudAccount;
}): SubcloudAuditCaller {
  const sessions = new Map<number, { readonly sealed: string; readonly session: Session }>();
  const sessionOf = (target: AuditCallTarget): Session => {
    const held = sessions.get(target.subcloudId);
    if (held?.sealed === target.credential) return held.session;
    const session = new Session({ ...deps.unseal(target.credential), regionName: null, interface: 'public' }, { fetch: deps.fetch });
    sessions.set(target.subcloudId, { sealed: target.credential, session });
    return session;
  };
  return {
    async call(target, etag) {
      try {
        const session = sessionOf(target);
        const api = new DcAgentApi(target.url, deps.fetch);
        let token = await session.token();
        let answer;
        try {
          answer = await api.audit({ token: token.token, etag });
        } catch (error) {
          // A token the subcloud no longer takes (it restarted with a new token secret): log in once more.
          if (!isAppError(error) || error.code !== 'UNAUTHENTICATED') throw error;
          await session.forget();
          token = await session.token();
          answer = await api.audit({ token: token.token, etag });
        }
        if (answer.status === 304) return { kind: 'unchanged' };
        if (!checkReport(answer.report)) {
          const first = checkReport.errors?.[0];
          const where = `${first?.instancePath || '/'} ${first?.message ?? ''}`.trim();
          return { kind: 'failed', error: `the audit answer is not a report: ${where}` };
        }
        return { kind: 'report', report: answer.report, ...(answer.etag ? { etag: answer.etag } : {}) };
      } catch (error) {
        return { kind: 'failed', error: failureOf(error) };
      }
    },
    async token(target) {
      return (await sessionOf(target).token()).token;
    },
    forget(subcloudId) {
      sessions.delete(subcloudId);
    },
  };
}
