import { hostEnrollmentRepo, type HostEnrollmentRepo } from './host-enrollment-repo.js';
import type { Executor } from '../repos/executor.js';

/** The agents service's repository: bootstrap tokens and host credentials. */
export interface AgentsRepos {
  readonly enrollment: HostEnrollmentRepo;
}

export function agentsRepos(db: Executor): AgentsRepos {
  return {
    enrollment: hostEnrollmentRepo(db),
  };
}
