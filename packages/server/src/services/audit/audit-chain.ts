import { AUDIT_GENESIS_HASH, auditDigestInput, type AuditEntry, type AuditFacts } from '@murmuration/core';
import { hash } from 'node:crypto';

/** SHA-256 (hex) binding an entry's facts to its sequence number and predecessor. */
export function chainHash(seq: number, prevHash: string, facts: AuditFacts): string {
  return hash('sha256', auditDigestInput(seq, prevHash, facts), 'hex');
}

export interface ChainCheck {
  readonly intact: boolean;
  readonly checked: number;
  readonly firstBadSeq: number | null;
  readonly problem: string | null;
}

/**
 * Walks the chain in order and reports the first entry that does not fit: a gap in the
 * sequence (an entry removed), a stored hash that does not match the entry's contents (an
 * entry altered), or a broken link to the predecessor. Finally the head must point at the last
 * entry, which catches entries removed from the end. Only entries up to the head are read:
 * the head commits together with each entry, so later rows belong to transactions in flight.
 */
export async function checkChain(
  scan: (afterSeq: number, upToSeq: number) => Promise<AuditEntry[]>,
  head: { seq: number; hash: string },
): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let checked = 0;
  const broken = (seq: number, problem: string): ChainCheck => ({ intact: false, checked, firstBadSeq: seq, problem });
  for (;;) {
    const batch = await scan(expectedSeq - 1, head.seq);
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.seq !== expectedSeq) {
        return broken(expectedSeq, `entry ${expectedSeq} is missing (removed): the log jumps from ${expectedSeq - 1} to ${entry.seq}`);
      }
      if (entry.prevHash !== prevHash) {
        return broken(entry.seq, `entry ${entry.seq} does not link to entry ${entry.seq - 1}: one of them was altered`);
      }
      if (chainHash(entry.seq, entry.prevHash, entry) !== entry.hash) {
        return broken(entry.seq, `entry ${entry.seq} was altered: its contents do not match its hash`);
      }
      prevHash = entry.hash;
      expectedSeq++;
      checked++;
    }
  }
  const lastSeq = expectedSeq - 1;
  if (head.seq !== lastSeq) {
    return broken(lastSeq + 1, `entries ${lastSeq + 1} to ${head.seq} are missing (removed from the end of the log)`);
  }
  if (head.hash !== prevHash) return broken(lastSeq, `entry ${lastSeq} was altered or replaced: it does not match the chain head`);
  return { intact: true, checked, firstBadSeq: null, problem: null };
}
