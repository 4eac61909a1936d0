import { networkRepo, type NetworkRepo } from './network-repo.js';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';

/** The network service's repository. */
export interface NetworkRepos {
  readonly networks: NetworkRepo;
}

export function networkRepos(db: Executor, dialect: DialectName): NetworkRepos {
  return {
    networks: networkRepo(db, dialect),
  };
}
