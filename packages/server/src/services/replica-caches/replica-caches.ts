import type { Repos, Store } from '@murmuration/store';

/** What a replica keeps in memory that another replica's change can make stale. */
export type CacheTopic = 'tokens' | 'fault-mutes';

/** A cache that follows a topic: drops what a key names (null: everything). */
export type CacheDrop = (key: string | null) => void;

/**
 * The one way a change reaches every replica's caches. A change publishes what it made stale inside its
 * transaction; once that commits, this replica drops it at once and every other replica over the same database
 * when the notice reaches it (PostgreSQL's LISTEN/NOTIFY). A replica that may have missed notices (its listening
 * connection lost, the epoch moved past them) drops everything, and keeps nothing while it listens to none. On
 * SQLite one process holds the database: nothing is published and the caches are always trusted.
 */
export interface ReplicaCaches {
  /** Makes `drop` follow `topic`: this replica's changes, the others', and everything when notices were missed. */
  follow(topic: CacheTopic, drop: CacheDrop): void;
  /** Publishes, in the transaction `repos` belong to, that what `key` names (null: all) of `topic` changed. */
  changed(repos: Repos, topic: CacheTopic, key: string | null): Promise<void>;
  /** True while a cache may answer from memory: this replica hears the others' changes (always on SQLite). */
  trusted(): boolean;
}

export function createReplicaCaches(deps: { readonly store: Pick<Store, 'notices'> }): ReplicaCaches {
  const { notices } = deps.store;
  const local = new Map<CacheTopic, CacheDrop[]>();
  return {
    follow(topic, drop) {
      local.set(topic, [...(local.get(topic) ?? []), drop]);
      notices.follow(topic, { notice: drop, missed: () => drop(null) });
    },
    async changed(repos, topic, key) {
      await repos.notices.publish({ topic, key });
      repos.afterCommit(() => {
        for (const drop of local.get(topic) ?? []) drop(key);
      });
    },
    trusted: () => notices.live(),
  };
}
