import type { Clock } from '@murmuration/core/common';
import { compileSilence, type AlarmRecord, type SilenceTest } from '@murmuration/core/fault';
import type { Repos, Store } from '@murmuration/store';
import type { ReplicaCaches } from '../replica-caches/index.js';
import { buildMuteView, ruleSourceIds, type InhibitRule, type MuteView } from './mute-view.js';

/**
 * Suppressed ids and silences change rarely and are read on every listing and delivery: keep
 * them in memory, reload after a change (this replica's or another's over the same database,
 * `ReplicaCaches`) and at least every `refreshMs`.
 */
export interface MuteSources {
  /** The view for this moment, with the active inhibiting alarms read fresh. */
  view(): Promise<MuteView>;
  suppressedIds(): Promise<ReadonlySet<string>>;
  /** Publishes, in the transaction `repos` belong to, that suppressions or silences changed. */
  changed(repos: Repos): Promise<void>;
}

export function createMuteSources(deps: {
  store: Store;
  clock: Clock;
  caches: ReplicaCaches;
  rules: readonly InhibitRule[];
  refreshMs: number;
}): MuteSources {
  const { store, clock, caches, rules, refreshMs } = deps;
  const extraSources = ruleSourceIds(rules);
  let cached: { at: number; suppressed: ReadonlySet<string>; silences: readonly SilenceTest[] } | null = null;
  caches.follow('fault-mutes', () => {
    cached = null;
  });

  async function load(): Promise<NonNullable<typeof cached>> {
    const now = Date.now();
    if (cached && caches.trusted() && now - cached.at < refreshMs) return cached;
    const [suppressions, silences] = await Promise.all([
      store.repos.suppressions.list(),
      store.repos.silences.list(clock.now()),
    ]);
    cached = {
      at: now,
      suppressed: new Set(suppressions.filter((s) => s.status === 'suppressed').map((s) => s.alarmId)),
      silences: silences.map(compileSilence),
    };
    return cached;
  }

  async function inhibitors(): Promise<AlarmRecord[]> {
    return store.repos.alarms.inhibitors(extraSources);
  }

  return {
    async view() {
      const [sources, active] = await Promise.all([load(), inhibitors()]);
      return buildMuteView({
        suppressedIds: sources.suppressed,
        silences: sources.silences,
        inhibitors: active,
        rules,
        now: clock.now(),
      });
    },
    async suppressedIds() {
      return (await load()).suppressed;
    },
    changed: (repos) => caches.changed(repos, 'fault-mutes', null),
  };
}
