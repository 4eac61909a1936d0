import pg from 'pg';
import { noticeListeners, type NoticeFeed } from './notice-feed.js';
import { NOTICE_CHANNEL, readNoticePayload } from './notice-repo.js';
import { NOTICE_EPOCH_SEQUENCE } from './notices-migration.js';

export interface PgNoticeFeedOptions {
  /** How often the epoch is read on the listening connection (which also proves the connection alive). */
  readonly pollMs?: number;
  /** How long after losing its connection the feed connects again. */
  readonly retryMs?: number;
}

const EPOCH_QUERY = `select case when is_called then last_value else 0 end as epoch from ${NOTICE_EPOCH_SEQUENCE}`;

/**
 * PostgreSQL's feed: LISTEN on a connection of its own (named `murmur-notices-<pid>` in `pg_stat_activity`), opened
 * at the first `follow`. Every notice carries the epoch its publisher took from the sequence; the feed reads the
 * sequence every `pollMs` on the same connection. A connection that fails, ends or does not answer a poll in time is
 * lost: the listeners are told at once (`missed`), the feed is not `live` until it has connected and listened again,
 * then tells them once more. An epoch a poll saw that no notice brought by the next poll was missed too (a notice
 * whose transaction rolled back after taking its number counts as one: one needless drop of a cache).
 */
export function pgNoticeFeed(url: string, options: PgNoticeFeedOptions = {}): NoticeFeed {
  const pollMs = options.pollMs ?? 1000;
  const retryMs = options.retryMs ?? 500;
  const listeners = noticeListeners();
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  /** The highest epoch a notice carried, and the epoch the last poll read. */
  let seen = 0;
  let polled = 0;

  const later = (what: () => Promise<void>, ms: number) => {
    if (closed) return;
    timer = setTimeout(() => void what(), ms);
    timer.unref();
  };

  function lost(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    const was = live;
    live = false;
    void c.end().catch(() => undefined);
    if (was) listeners.missed();
    if (timer) clearTimeout(timer);
    later(connect, retryMs);
  }

  async function readEpoch(c: pg.Client): Promise<number> {
    const result = await c.query<{ epoch: string }>(EPOCH_QUERY);
    return Number(result.rows[0]?.epoch ?? 0);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({
      connectionString: url, application_name: `murmur-notices-${process.pid}`, keepAlive: true,
      query_timeout: Math.max(5000, pollMs * 5), connectionTimeoutMillis: 10_000,
    });
    client = c;
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (message) => {
      const read = message.channel === NOTICE_CHANNEL && message.payload ? readNoticePayload(message.payload) : null;
      if (!read) return;
      seen = Math.max(seen, read.epoch);
      listeners.notice(read.notice.topic, read.notice.key);
    });
    try {
      await c.connect();
      await c.query(`listen ${NOTICE_CHANNEL}`);
      const epoch = await readEpoch(c);
      if (client !== c || closed) return;
      seen = Math.max(seen, epoch);
      polled = epoch;
      live = true;
      // What was published before this connection listened is unknown here.
      listeners.missed();
      later(poll, pollMs);
    } catch {
      lost(c);
    }
  }

  async function poll(): Promise<void> {
    const c = client;
    if (c === null || !live) return;
    try {
      const epoch = await readEpoch(c);
      if (client !== c) return;
      if (polled > seen) {
        seen = polled;
        listeners.missed();
      }
      polled = epoch;
      later(poll, pollMs);
    } catch {
      lost(c);
    }
  }

  return {
    follow(topic, listener) {
      const unfollow = listeners.add(topic, listener);
      if (!started) {
        started = true;
        void connect();
      }
      return unfollow;
    },
    live: () => live,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      live = false;
      await c?.end().catch(() => undefined);
    },
  };
}
