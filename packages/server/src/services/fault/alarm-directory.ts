import type { AlarmRecord, Severity, SeverityCounts } from '@murmuration/core/fault';
import type { AlarmFilter, AlarmSortKey, Store } from '@murmuration/store';
import { faultNotFound } from './fault-not-found.js';
import type { ChangeAudit, FaultWriter } from './fault-writer.js';
import type { MuteSources } from './mute-sources.js';
import type { Muting } from './mute-view.js';

/** An alarm and why, if at all, it is hidden from default listings and receivers. */
export interface AlarmView {
  readonly alarm: AlarmRecord;
  readonly muting: Muting;
}

export interface AlarmListQuery {
  readonly filter: AlarmFilter;
  readonly includeSuppressed: boolean;
  readonly sortKey: AlarmSortKey;
  readonly descending: boolean;
  readonly limit: number | null;
  /** uuid of the last alarm of the previous page. */
  readonly marker: string | null;
}

/** The active alarms as operators read them: each with its muting, listed in keyset pages. */
export interface AlarmDirectory {
  get(uuid: string): Promise<AlarmView>;
  list(query: AlarmListQuery): Promise<{ items: AlarmView[]; more: boolean }>;
  summary(includeSuppressed: boolean): Promise<SeverityCounts>;
  /** Deletes an active alarm by uuid (writes its clear record); 404 when there is none. */
  delete(uuid: string, audit: ChangeAudit): Promise<AlarmRecord>;
  /** Counts by alarm id and severity, for metrics. */
  counts(): Promise<{ alarmId: string; severity: Severity; count: number }[]>;
}

const isHidden = (v: AlarmView): boolean =>
  v.muting.suppressed || v.muting.silencedBy.length > 0 || v.muting.inhibitedBy.length > 0;

export function createAlarmDirectory(deps: { store: Store; writer: FaultWriter; mute: MuteSources }): AlarmDirectory {
  const { store, writer, mute } = deps;

  async function view(alarms: readonly AlarmRecord[]): Promise<AlarmView[]> {
    const mutes = await mute.view();
    return alarms.map((alarm) => ({ alarm, muting: mutes.muting(alarm) }));
  }

  return {
    async get(uuid) {
      const alarm = await store.repos.alarms.find(uuid);
      if (!alarm) throw faultNotFound('Alarm', uuid);
      return (await view([alarm]))[0]!;
    },
    async list(query) {
      const mutes = await mute.view();
      let after: AlarmRecord | null = null;
      if (query.marker !== null) {
        after = await store.repos.alarms.find(query.marker);
        if (!after) throw faultNotFound('Alarm', query.marker);
      }
      const wanted = query.limit ?? Number.MAX_SAFE_INTEGER;
      const excluded = query.includeSuppressed ? [] : [...mutes.suppressedIds];
      const items: AlarmView[] = [];
      // Read in keyset pages, dropping muted alarms, until one more than a page is in hand.
      const step = Math.min(wanted + 1, 5000);
      for (;;) {
        const rows = await store.repos.alarms.page(
          query.filter,
          query.sortKey,
          query.descending,
          after,
          step,
          excluded,
        );
        for (const alarm of rows) {
          const muting = mutes.muting(alarm);
          if (query.includeSuppressed || !isHidden({ alarm, muting })) items.push({ alarm, muting });
        }
        if (rows.length < step || items.length > wanted) break;
        after = rows.at(-1)!;
      }
      return items.length > wanted ? { items: items.slice(0, wanted), more: true } : { items, more: false };
    },
    async summary(includeSuppressed) {
      const mutes = await mute.view();
      let counts: Map<Severity, number>;
      if (includeSuppressed || mutes.onlySuppression) {
        // Counting in the database: nothing to evaluate alarm by alarm.
        const excluded = includeSuppressed ? [] : [...mutes.suppressedIds];
        counts = new Map((await store.repos.alarms.severityCounts(excluded)).map((c) => [c.severity, c.count]));
      } else {
        counts = new Map();
        for (const alarm of await store.repos.alarms.list({})) {
          if (!mutes.isMuted(alarm)) counts.set(alarm.severity, (counts.get(alarm.severity) ?? 0) + 1);
        }
      }
      const count = (s: Severity): number => counts.get(s) ?? 0;
      return { critical: count('critical'), major: count('major'), minor: count('minor'), warnings: count('warning') };
    },
    async delete(uuid, changeAudit) {
      const result = await writer.submit({ kind: 'clear-uuid', uuid }, changeAudit);
      const cleared = result.kind === 'clear' ? result.cleared[0] : undefined;
      if (!cleared) throw faultNotFound('Alarm', uuid);
      return cleared;
    },
    counts: () => store.repos.alarms.counts(),
  };
}
