import type { InventoryRepos, Store } from '@murmuration/store';
import type { HostConfigSectionReader } from './host-config-sections.js';

/** The `labels` section of a host's desired configuration: its labels, for the node's Kubernetes labels. */
export function hostLabelsSection(store: Store<InventoryRepos>): HostConfigSectionReader<'labels'> {
  return async (host) =>
    Object.fromEntries((await store.repos.labels.list(host.uuid)).map((label) => [label.key, label.value]));
}
