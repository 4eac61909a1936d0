import { sql } from 'kysely';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';
import { NOTICE_EPOCH_SEQUENCE } from './notices-migration.js';

/** The PostgreSQL channel replicas' notices travel on. */
export const NOTICE_CHANNEL = 'murmur_notices';

/** What a notice says: which topic, and which key of it (null: all of it). */
export interface Notice {
  readonly topic: string;
  readonly key: string | null;
}

/** A notice as it travels (`<epoch> <JSON [topic, key]>`, as `publish` writes it) read back; null for another. */
export function readNoticePayload(payload: string): { epoch: number; notice: Notice } | null {
  const space = payload.indexOf(' ');
  const epoch = Number(payload.slice(0, space));
  if (space < 0 || !Number.isSafeInteger(epoch)) return null;
  try {
    const [topic, key] = JSON.parse(payload.slice(space + 1)) as unknown[];
    if (typeof topic !== 'string' || (key !== null && typeof key !== 'string')) return null;
    return { epoch, notice: { topic, key } };
  } catch {
    return null;
  }
}

/** Sends notices to the other processes over the database. */
export interface NoticeRepo {
  /**
   * Publishes `notice` to every process that follows its topic (`Store.notices`), once the transaction this
   * repository belongs to commits; never if it rolls back. Nothing on SQLite (one process).
   */
  publish(notice: Notice): Promise<void>;
}

export function noticeRepo(db: Executor, dialect: DialectName): NoticeRepo {
  return {
    async publish(notice) {
      if (dialect !== 'postgres') return;
      const json = JSON.stringify([notice.topic, notice.key]);
      await sql`select pg_notify(${NOTICE_CHANNEL}, nextval(${NOTICE_EPOCH_SEQUENCE}) || ' ' || ${json})`.execute(db);
    },
  };
}
