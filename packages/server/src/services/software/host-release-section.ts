import type { SoftwareRepos, Store } from '@murmuration/store';
import type { HostConfigSectionReader } from '../inventory/index.js';

/**
 * The `software` section of a host's desired configuration: the release it should run (its agent
 * fetches it and checks it against the signing key), or null; `rollback` while the host returns
 * to it, so that its hooks run again.
 */
export function hostReleaseSection(store: Store<SoftwareRepos>): HostConfigSectionReader<'software'> {
  return async (host) => {
    const software = await store.repos.hostSoftware.find(host.uuid);
    const release = software?.target == null ? null : await store.repos.releases.find(software.target);
    return release ? { release: release.metadata.id, sha256: release.sha256, rollback: software?.state === 'rolling-back' } : null;
  };
}
