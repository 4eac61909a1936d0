import type { RequestContext } from '@murmuration/core/common';

/** A run of like entries from one source that were counted instead of written. */
export interface RepeatSummary<T> {
  readonly key: string;
  readonly ctx: RequestContext;
  /** What the first of the run said. */
  readonly note: T;
  readonly count: number;
  readonly since: number;
}

interface Run<T> {
  key: string;
  start: number;
  first: RequestContext;
  note: T;
  suppressed: number;
}

// Keys are source addresses chosen by whoever floods; past this many the closed runs are flushed.
const MAX_RUNS = 20_000;

/**
 * Decides which repeated entries (the same failure under the same key, such as a source
 * address) are written: the first of each window, with the others counted and handed back as
 * one summary once the window closes.
 */
export class RepeatCoalescer<T> {
  private readonly runs = new Map<string, Run<T>>();

  constructor(private readonly windowMs: number) {}

  /** `write` when this one should be written; otherwise it was counted into the current window. */
  admit(key: string, ctx: RequestContext, note: T, now: number): { write: boolean; closed: RepeatSummary<T> | null } {
    const run = this.runs.get(key);
    if (run && now - run.start < this.windowMs) {
      run.suppressed++;
      return { write: false, closed: null };
    }
    const closed = run ? summaryOf(run) : null;
    this.runs.delete(key);
    this.runs.set(key, { key, start: now, first: ctx, note, suppressed: 0 });
    return { write: true, closed };
  }

  /** Summaries of every window closed by `now` (all of them when `now` is Infinity), forgetting those runs. */
  takeClosed(now: number): RepeatSummary<T>[] {
    const closed: RepeatSummary<T>[] = [];
    for (const [key, run] of this.runs) {
      if (now - run.start < this.windowMs && this.runs.size <= MAX_RUNS) continue;
      this.runs.delete(key);
      const summary = summaryOf(run);
      if (summary) closed.push(summary);
    }
    return closed;
  }
}

function summaryOf<T>(run: Run<T>): RepeatSummary<T> | null {
  return run.suppressed === 0
    ? null
    : { key: run.key, ctx: run.first, note: run.note, count: run.suppressed, since: run.start };
}
