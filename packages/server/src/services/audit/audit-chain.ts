import { AUDIT_GENESIS_HASH, auditDigestInput, type AuditEntry, type AuditFacts } from '@murmuration/core/audit';
import { hash } from 'node:crypto';

/** SHA-256 (hex) binding an entry's facts to its sequence number and predecessor. */
export function chainHash(seq: number, prevHash: string, facts: AuditFacts): string {
  return hash('sha256', auditDigestInput(seq, prevHash, facts), 'hex');
}

/** One entry that does not fit the chain, and why. */
export interface ChainProblem {
  readonly seq: number;
  readonly problem: string;
}

export interface ChainCheck {
  readonly intact: boolean;
  readonly checked: number;
  readonly firstBadSeq: number | null;
  readonly problem: string | null;
  /** Every entry that does not fit, in order, up to MAX_REPORTED_PROBLEMS. */
  readonly problems: readonly ChainProblem[];
  /** How many entries do not fit, including those beyond the reported list. */
  readonly problemCount: number;
}

/** The most problems one verification lists; the count still covers them all. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * Walks the whole chain in order and reports every entry that does not fit: a gap in the
 * sequence (entries removed), a stored hash that does not match the entry's contents (an
 * entry altered), or a broken link to the predecessor. After a bad entry the walk goes on from
 * what is stored, so each later problem is reported on its own. Finally the head must point at
 * the last entry, which catches entries removed from the end. Only entries up to the head are
 * read: the head commits together with each entry, so later rows belong to transactions in flight.
 */
export async function checkChain(
  scan: (afterSeq: number, upToSeq: number) => Promise<AuditEntry[]>,
  head: { seq: number; hash: string },
): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let checked = 0;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (seq: number, problem: string): void => {
    problemCount++;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ seq, problem });
  };
  let lastSeq = 0;
  for (;;) {
    const batch = await scan(lastSeq, head.seq);
    if (batch.length === 0) break;
    for (const entry of batch) {
      checked++;
      if (entry.seq !== expectedSeq) {
        const range = entry.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq} to ${entry.seq - 1} are`;
        report(expectedSeq, `${range} missing (removed): the log jumps from ${expectedSeq - 1} to ${entry.seq}`);
      } else if (entry.prevHash !== prevHash) {
        report(entry.seq, `entry ${entry.seq} does not link to entry ${entry.seq - 1}: one of them was altered`);
      }
      if (chainHash(entry.seq, entry.prevHash, entry) !== entry.hash) {
        report(entry.seq, `entry ${entry.seq} was altered: its contents do not match its hash`);
      }
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
      lastSeq = entry.seq;
    }
  }
  if (head.seq !== lastSeq) {
    report(lastSeq + 1, `entries ${lastSeq + 1} to ${head.seq} are missing (removed from the end of the log)`);
  } else if (head.hash !== prevHash) {
    report(lastSeq, `entry ${lastSeq} was altered or replaced: it does not match the chain head`);
  }
  const first = problems[0] ?? null;
  return {
    intact: problemCount === 0,
    checked,
    firstBadSeq: first?.seq ?? null,
    problem: first?.problem ?? null,
    problems,
    problemCount,
  };
}
