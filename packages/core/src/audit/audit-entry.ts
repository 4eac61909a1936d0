/** Kinds of audit entries: a mutating request, or an authentication event. */
export const AUDIT_EVENTS = ['request', 'auth.success', 'auth.failure', 'auth.lockout', 'token.revoke'] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** The facts one audit entry records, before it is chained. */
export interface AuditFacts {
  readonly time: number;
  readonly requestId: string;
  readonly event: AuditEvent;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly source: string;
  readonly method: string;
  readonly path: string;
  readonly target: string | null;
  readonly outcome: number;
  readonly detail: string | null;
}

/** A chained entry: its place in the log and the hashes that bind it to its predecessor. */
export interface AuditEntry extends AuditFacts {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Hash of the (empty) chain before the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The exact text hashed for an entry: every recorded field, in a fixed order, JSON-encoded so
 * that no separator inside a value can shift fields. Changing this breaks existing chains.
 */
export function auditDigestInput(seq: number, prevHash: string, facts: AuditFacts): string {
  return JSON.stringify([
    seq,
    prevHash,
    facts.time,
    facts.requestId,
    facts.event,
    facts.userId,
    facts.userName,
    facts.projectId,
    facts.projectName,
    facts.source,
    facts.method,
    facts.path,
    facts.target,
    facts.outcome,
    facts.detail,
  ]);
}
