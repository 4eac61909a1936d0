import { strategyRepo, type StrategyRepo } from './strategy-repo.js';
import type { Executor } from '../repos/executor.js';

/** The orchestration service's repository. */
export interface OrchestrationRepos {
  readonly strategies: StrategyRepo;
}

export function orchestrationRepos(db: Executor): OrchestrationRepos {
  return {
    strategies: strategyRepo(db),
  };
}
