import type { AuditEntry, AuditEvent, AuditFacts } from '@murmuration/core/audit';
import { AppError, type Clock, type RequestContext, storableText } from '@murmuration/core/common';
import type { AuditListQuery } from '@murmuration/core/contract/audit';
import type { AuditFilter, Repos, Store } from '@murmuration/store';
import { chainHash, checkChain, type ChainCheck } from './audit-chain.js';
import { RepeatCoalescer, type RepeatSummary } from './repeat-coalescer.js';

/** What a service says about its change; the request context supplies the rest. */
export interface AuditNote {
  readonly target: string | null;
  readonly event?: AuditEvent;
  /** Defaults to the request's success status. */
  readonly outcome?: number;
  /** Free text for people. Never a secret. */
  readonly detail?: string | null;
  /** The user the event is about, when there is no token yet (logins) or it differs from the actor. */
  readonly subject?: {
    userId: string | null;
    userName: string | null;
    projectId?: string | null;
    projectName?: string | null;
  };
}

/** A failure a flood repeats, and whether its repeats are counted per source or across sources. */
export interface RepeatedNote extends AuditNote {
  readonly detail: string;
  readonly across?: 'sources';
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
  appendMany(
    repos: Repos,
    items: readonly { readonly ctx: RequestContext; readonly note: AuditNote }[],
  ): Promise<AuditEntry[]>;
  /**
   * Runs `work` in one transaction and appends the entry describing it in the same
   * transaction, so the change and its audit entry commit together or not at all.
   */
  change<T>(
    ctx: RequestContext,
    note: AuditNote | ((result: T) => AuditNote),
    work: (repos: Repos) => Promise<T>,
  ): Promise<T>;
  /** Appends an entry in a transaction of its own (failures, refusals: nothing else changed). */
  record(ctx: RequestContext, note: AuditNote): Promise<AuditEntry>;
  /**
   * Records a failure that a flood repeats (an invalid token): the first with this detail from
   * a source (or from anywhere, with `across: 'sources'`) in each window is appended, later
   * ones are counted, and `flushRepeated` appends one entry with the count once the window has closed.
   */
  recordRepeated(ctx: RequestContext, note: RepeatedNote): Promise<void>;
  /** Appends the counts of closed windows (all windows with `all`, at shutdown). */
  flushRepeated(options?: { all?: boolean }): Promise<void>;
  list(query: AuditListQuery): Promise<{ entries: AuditEntry[]; nextMarker: number | null }>;
  verify(): Promise<AuditVerification>;
}

const VERIFY_BATCH = 1000;

/**
 * Facts are hashed as the store will give them back: text a store cannot keep as given
 * (a lone surrogate, a NUL) is replaced before hashing, so verification reads what was hashed.
 */
function storable<T extends string | null>(text: T): T {
  return (text === null ? null : storableText(text)) as T;
}

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

/** How long repeated failures from one source are counted before the next one is written out. */
export const REPEAT_WINDOW_MS = 60_000;

export function createAuditService(deps: { store: Store; clock: Clock; repeatWindowMs?: number }): AuditService {
  const { store, clock } = deps;
  const repeats = new RepeatCoalescer<RepeatedNote>(deps.repeatWindowMs ?? REPEAT_WINDOW_MS);

  function factsOf(ctx: RequestContext, note: AuditNote): AuditFacts {
    const subject = note.subject;
    return {
      time: clock.now(),
      requestId: storable(ctx.requestId),
      event: note.event ?? 'request',
      userId: storable(subject ? subject.userId : (ctx.actor?.userId ?? null)),
      userName: storable(subject ? subject.userName : (ctx.actor?.userName ?? null)),
      projectId: storable(subject?.projectId !== undefined ? subject.projectId : (ctx.actor?.projectId ?? null)),
      projectName: storable(
        subject?.projectName !== undefined ? subject.projectName : (ctx.actor?.projectName ?? null),
      ),
      source: storable(ctx.sourceAddress),
      method: storable(ctx.method),
      path: storable(ctx.path),
      target: storable(note.target),
      outcome: note.outcome ?? ctx.successStatus,
      detail: storable(note.detail ?? null),
    };
  }

  /** One entry standing for a window of like failures that were counted, not written. */
  function summaryItem(summary: RepeatSummary<RepeatedNote>): { ctx: RequestContext; note: AuditNote } {
    const first = summary.note;
    const times = summary.count === 1 ? 'once more' : `${summary.count} more times`;
    const where = first.across === 'sources' ? '' : ` from ${summary.ctx.sourceAddress}`;
    return {
      ctx: { ...summary.ctx, requestId: `${summary.ctx.requestId}-repeats`, audited: false },
      note: {
        target: first.target,
        event: first.event ?? 'request',
        outcome: first.outcome ?? summary.ctx.successStatus,
        detail: `${first.detail}: ${times}${where} since ${new Date(summary.since).toISOString()} (counted, not written one by one)`,
        subject: first.subject ?? { userId: null, userName: null },
      },
    };
  }

  async function appendMany(
    repos: Repos,
    items: readonly { readonly ctx: RequestContext; readonly note: AuditNote }[],
  ): Promise<AuditEntry[]> {
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
    async recordRepeated(ctx, note) {
      const key = note.across === 'sources' ? `*\n${note.detail}` : `${ctx.sourceAddress}\n${note.detail}`;
      const { write, closed } = repeats.admit(key, ctx, note, clock.now());
      const items = [...(closed ? [summaryItem(closed)] : []), ...(write ? [{ ctx, note }] : [])];
      if (items.length > 0) await store.transaction((repos) => appendMany(repos, items));
      // Counted counts as audited: the request needs no entry of its own.
      ctx.audited = true;
    },
    async flushRepeated(options = {}) {
      const closed = repeats.takeClosed(options.all ? Infinity : clock.now());
      if (closed.length > 0) await store.transaction((repos) => appendMany(repos, closed.map(summaryItem)));
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
