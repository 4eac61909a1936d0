import { hostEnrollmentRepo, type HostEnrollmentRepo } from './host-enrollment-repo.js';
import type { Executor } from '../repos/executor.js';
import { oneTimeTokenRepo, type OneTimeTokenRepo } from '../repos/one-time-token-repo.js';

/** The agents service's repositories: bootstrap tokens (spent by a host) and host credentials. */
export interface AgentsRepos {
  readonly bootstrapTokens: OneTimeTokenRepo;
  readonly enrollment: HostEnrollmentRepo;
}

export function agentsRepos(db: Executor): AgentsRepos {
  return {
    bootstrapTokens: oneTimeTokenRepo(db, 'host_bootstrap_tokens', 'used_by_host'),
    enrollment: hostEnrollmentRepo(db),
  };
}
