import type { DcmanagerApi, DcStrategyType } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import type { FleetStrategyObject } from '@murmuration/core/contract/dcmanager-orchestration';
import { progressLine, stepCounts } from './dcmanager-strategy-table.js';

/** The states a strategy ends in; only `complete` is a success. */
const ENDED = new Set(['complete', 'failed', 'aborted']);

export interface WatchOptions {
  readonly intervalMs: number;
  /** Where each progress line goes. */
  readonly write: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How many steps are in each state: the strategy's own counts when the server sends them, else its steps counted. */
async function countsOf(api: DcmanagerApi, strategy: FleetStrategyObject): Promise<Record<string, number>> {
  const given = (strategy as Partial<FleetStrategyObject>)['step-counts'];
  return given ?? stepCounts(await api.listStrategySteps());
}

/**
 * `--watch`: a progress line (the strategy's state and how many steps are in each state) at
 * every refresh where it changed, until the strategy ends. Resolves when it completed; a
 * strategy that failed or was aborted is an error (exit status 1), as is one that disappeared.
 */
export async function watchStrategy(
  api: DcmanagerApi,
  type: DcStrategyType,
  options: WatchOptions,
): Promise<FleetStrategyObject> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let last = '';
  for (;;) {
    const strategy = await api.getStrategy(type);
    const line = progressLine(strategy.state, await countsOf(api, strategy));
    if (line !== last) options.write(line);
    last = line;
    if (ENDED.has(strategy.state)) {
      if (strategy.state === 'complete') return strategy;
      throw new AppError('CONFLICT', `the ${type} strategy ended ${strategy.state}`, { state: strategy.state });
    }
    await sleep(options.intervalMs);
  }
}
