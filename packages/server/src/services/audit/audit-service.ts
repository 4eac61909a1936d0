import {
  AppError,
  type AuditEntry,
  type AuditEvent,
  type AuditFacts,
  type AuditListQuery,
  type Clock,
  type RequestContext,
} from '@murmuration/core';
import type { AuditFilter, Repos, Store } from '@murmuration/store';
import { chainHash, checkChain, type ChainCheck } from './audit-chain.js';

/** What a service says about its change; the request context supplies the rest. */
export interface AuditNote {
  readonly target: string | null;
  readonly event?: AuditEvent;
  /** Defaults to the request's success status. */
  readonly outcome?: number;
  /** Free text for people. Never a secret. */
  readonly detail?: string | null;
  /** The user the event is about, when there is no token yet (logins) or it differs from the actor. */
  readonly subject?: { userId: string | null; userName: string | null; projectId?: string | null; projectName?: string | null };
}

export interface AuditVerification extends ChainCheck {
  readonly headSeq: number;
}

/** The append-only, hash-chained record of every change and every authentication event. */
export interface AuditService {
  /** Appends an entry inside a transaction the caller already holds. */
  append(repos: Repos, ctx: RequestContext, note: AuditNote): Promise<AuditEntry>;
  /**
   * Appends one entry per item inside a transaction the caller holds, taking the chain head
   * once for all of them (many requests committed together).
   */
  appendMany(repos: Repos, items: readonly { readonly ctx: RequestContext; readonly note: AuditNote }[]): Promise<AuditEntry[]>;
  /**
   * Runs `work` in one transaction and appends the entry describing it in the same
   * transaction, so the change and its audit entry commit together or not at all.
   */
  change<T>(ctx: RequestContext, note: AuditNote | ((result: T) => AuditNote), work: (repos: Repos) => Promise<T>): Promise<T>;
  /** Appends an entry in a transaction of its own (failures, refusals: nothing else changed). */
  record(ctx: RequestContext, note: AuditNote): Promise<AuditEntry>;
  list(query: AuditListQuery): Promise<{ entries: AuditEntry[]; nextMarker: number | null }>;
  verify(): Promise<AuditVerification>;
}

const VERIFY_BATCH = 1000;

function outcomeRange(outcome: string | undefined): { outcomeMin?: number; outcomeMax?: number } {
  if (outcome === undefined) return {};
  if (outcome === 'success') return { outcomeMin: 0, outcomeMax: 399 };
  if (outcome === 'failure') return { outcomeMin: 400, outcomeMax: 599 };
  const klass = /^([1-5])xx$/.exec(outcome);
  if (klass) return { outcomeMin: Number(klass[1]) * 100, outcomeMax: Number(klass[1]) * 100 + 99 };
  return { outcomeMin: Number(outcome), outcomeMax: Number(outcome) };
}

function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('INVALID_INPUT', `${name} is not an ISO-8601 time: ${value}`, { field: name });
  return ms;
}

export function createAuditService(deps: { store: Store; clock: Clock }): AuditService {
  const { store, clock } = deps;

  function factsOf(ctx: RequestContext, note: AuditNote): AuditFacts {
    const subject = note.subject;
    return {
      time: clock.now(),
      requestId: ctx.requestId,
      event: note.event ?? 'request',
      userId: subject ? subject.userId : (ctx.actor?.userId ?? null),
      userName: subject ? subject.userName : (ctx.actor?.userName ?? null),
      projectId: subject?.projectId !== undefined ? subject.projectId : (ctx.actor?.projectId ?? null),
      projectName: subject?.projectName !== undefined ? subject.projectName : (ctx.actor?.projectName ?? null),
      source: ctx.sourceAddress,
      method: ctx.method,
      path: ctx.path,
      target: note.target,
      outcome: note.outcome ?? ctx.successStatus,
      detail: note.detail ?? null,
    };
  }

  async function appendMany(repos: Repos, items: readonly { readonly ctx: RequestContext; readonly note: AuditNote }[]): Promise<AuditEntry[]> {
    if (items.length === 0) return [];
    const head = await repos.audit.advanceHead(items.length);
    let seq = head.seq - items.length;
    let prevHash = head.hash;
    const entries = items.map(({ ctx, note }) => {
      seq += 1;
      const facts = factsOf(ctx, note);
      const hash = chainHash(seq, prevHash, facts);
      const entry: AuditEntry = { ...facts, seq, prevHash, hash };
      prevHash = hash;
      return entry;
    });
    await repos.audit.insert(entries);
    await repos.audit.setHeadHash(prevHash);
    for (const { ctx } of items) ctx.audited = true;
    return entries;
  }

  async function append(repos: Repos, ctx: RequestContext, note: AuditNote): Promise<AuditEntry> {
    const [entry] = await appendMany(repos, [{ ctx, note }]);
    return entry!;
  }

  return {
    append,
    appendMany,
    async change(ctx, note, work) {
      return store.transaction(async (repos) => {
        const result = await work(repos);
        await append(repos, ctx, typeof note === 'function' ? note(result) : note);
        return result;
      });
    },
    record(ctx, note) {
      return store.transaction((repos) => append(repos, ctx, note));
    },
    async list(query) {
      const limit = query.limit ?? 100;
      const filter: AuditFilter = {
        user: query.user,
        since: parseTime('since', query.since),
        until: parseTime('until', query.until),
        ...outcomeRange(query.outcome),
        event: query.event,
        beforeSeq: query.marker,
        limit,
      };
      const entries = await store.repos.audit.list(filter);
      const last = entries.at(-1);
      return { entries, nextMarker: entries.length === limit && last ? last.seq : null };
    },
    async verify() {
      const repos = store.repos;
      const head = await repos.audit.head();
      const check = await checkChain((afterSeq, upToSeq) => repos.audit.scan(afterSeq, upToSeq, VERIFY_BATCH), head);
      return { ...check, headSeq: head.seq };
    },
  };
}
