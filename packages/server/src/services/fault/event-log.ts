import { AppError } from '@murmuration/core/common';
import type { EventRecord, EventState } from '@murmuration/core/fault';
import type { EventFilter, Store } from '@murmuration/store';
import type { EventFeed } from './event-feed.js';
import type { EventRetention } from './event-retention.js';
import { faultNotFound } from './fault-not-found.js';
import type { MuteSources } from './mute-sources.js';

export interface EventListQuery {
  readonly filter: Omit<EventFilter, 'excludeIds' | 'beforeSeq' | 'limit' | 'states'>;
  readonly states: readonly EventState[] | null;
  readonly includeSuppressed: boolean;
  readonly limit: number;
  /** uuid of the last record of the previous page. */
  readonly marker: string | null;
}

/** The event log as operators and the event stream read it: newest first, or in commit order after a point. */
export interface EventLog {
  get(uuid: string): Promise<EventRecord>;
  list(query: EventListQuery): Promise<{ items: EventRecord[]; more: boolean }>;
  /** Event-log records after `seq`, oldest first, up to what the feed has passed on. */
  after(seq: number, limit: number): Promise<EventRecord[]>;
  /** The oldest record still in the event log (0 when it is empty). */
  oldestSeq(): Promise<number>;
  /** Trims the event log now (the background trim does this on its own). */
  trim(): Promise<number>;
}

export function createEventLog(deps: {
  store: Store;
  feed: EventFeed;
  mute: MuteSources;
  retention: EventRetention;
}): EventLog {
  const { store, feed, mute, retention } = deps;
  return {
    async get(uuid) {
      const event = await store.repos.events.find(uuid);
      if (!event) throw faultNotFound('Event log', uuid);
      return event;
    },
    async list(query) {
      let beforeSeq: number | undefined;
      if (query.marker !== null) {
        const marker = await store.repos.events.find(query.marker);
        if (!marker) throw new AppError('INVALID_INPUT', `marker ${query.marker} is not an event-log record`, { field: 'marker' });
        beforeSeq = marker.seq;
      }
      const excludeIds = query.includeSuppressed ? [] : [...(await mute.suppressedIds())];
      const items = await store.repos.events.list({
        ...query.filter,
        ...(query.states ? { states: query.states } : {}),
        excludeIds,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
        limit: query.limit + 1,
      });
      return { items: items.slice(0, query.limit), more: items.length > query.limit };
    },
    after: (seq, limit) => store.repos.events.range(seq, feed.position(), limit),
    oldestSeq: () => store.repos.events.minSeq(),
    trim: () => retention.trimNow(),
  };
}
