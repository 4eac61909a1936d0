import { hostSoftwareRepo, type HostSoftwareRepo } from './host-software-repo.js';
import { releaseRepo, type ReleaseRepo } from './release-repo.js';
import type { Executor } from '../repos/executor.js';

/** The software service's repositories: releases and each host's software. */
export interface SoftwareRepos {
  readonly releases: ReleaseRepo;
  readonly hostSoftware: HostSoftwareRepo;
}

export function softwareRepos(db: Executor): SoftwareRepos {
  return {
    releases: releaseRepo(db),
    hostSoftware: hostSoftwareRepo(db),
  };
}
