/** What follows one topic of the notices: each notice's key, and when some may have been missed. */
export interface NoticeListener {
  /** A notice on the topic, from any process over the database (this one too), after its transaction committed. */
  notice(key: string | null): void;
  /**
   * Notices may have been missed: the connection they come on was lost (`live()` is false until it is back), came
   * back, or the epoch moved past the last notice received. What was derived from earlier notices is to be dropped.
   */
  missed(): void;
}

/** The notices other processes over the same database publish (`NoticeRepo`). */
export interface NoticeFeed {
  /** Follows `topic` until the returned function is called. */
  follow(topic: string, listener: NoticeListener): () => void;
  /** True while notices are received; always on SQLite, where no other process writes the database. */
  live(): boolean;
  close(): Promise<void>;
}

/** Listeners by topic. */
export interface NoticeListeners {
  add(topic: string, listener: NoticeListener): () => void;
  notice(topic: string, key: string | null): void;
  missed(): void;
  readonly size: number;
}

export function noticeListeners(): NoticeListeners {
  const byTopic = new Map<string, Set<NoticeListener>>();
  let size = 0;
  return {
    add(topic, listener) {
      let set = byTopic.get(topic);
      if (!set) byTopic.set(topic, (set = new Set()));
      set.add(listener);
      size += 1;
      return () => {
        if (set.delete(listener)) size -= 1;
      };
    },
    notice(topic, key) {
      for (const listener of byTopic.get(topic) ?? []) listener.notice(key);
    },
    missed() {
      for (const set of byTopic.values()) for (const listener of set) listener.missed();
    },
    get size() {
      return size;
    },
  };
}

/** SQLite's feed: one process holds the database (its data-directory lock), so no notice ever comes from elsewhere. */
export function localNoticeFeed(): NoticeFeed {
  return { follow: () => () => undefined, live: () => true, close: async () => undefined };
}
