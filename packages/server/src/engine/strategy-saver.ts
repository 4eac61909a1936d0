import type { Clock } from '@murmuration/core/common';
import type { AlarmChange } from '@murmuration/core/fault';
import type { RolloutOptions, StrategyRecord } from '@murmuration/core/orchestration';
import type { Store } from '@murmuration/store';
import type { FaultService } from '../services/fault/index.js';

/** Reads and writes the one strategy of a kind. */
export interface StrategySaver<O extends RolloutOptions> {
  find(): Promise<StrategyRecord<O> | null>;
  /** Persists the strategy and its alarm changes in one transaction. */
  save(strategy: StrategyRecord<O>, alarms?: readonly AlarmChange[]): Promise<StrategyRecord<O>>;
}

export function strategySaver<O extends RolloutOptions>(deps: {
  name: string;
  store: Store;
  fault: FaultService;
  clock: Clock;
}): StrategySaver<O> {
  const { name, store, fault, clock } = deps;
  return {
    // The table holds every kind's strategy; the one stored under this kind's name has its options.
    find: async () => (await store.repos.strategies.find(name)) as StrategyRecord<O> | null,
    async save(strategy, alarms = []) {
      await store.transaction(async (repos) => {
        await repos.strategies.save(strategy, clock.now());
        if (alarms.length > 0) await fault.applyIn(repos, alarms);
      });
      if (alarms.length > 0) fault.feed.poke();
      return strategy;
    },
  };
}
